//! An in-memory `Client` for offline previews: the same facade, rules and
//! engine as the server, over the in-memory store, acting as the system.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde::Serialize;
use vividshift_core::engine::PlanConfig;
use vividshift_core::model::{
    EntitySchema, NewDomain, NewEntity, NewParticipant, NewTarget, ParticipantQuery,
};
use vividshift_core::{Client, DomainScope, Error, Principal};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};
use crate::errors::{JsResult, to_js_error};

/// Runs a client future to completion. The in-memory store never waits, so
/// every future is ready on its first poll; one that is not is reported
/// rather than spun on.
fn run<T>(future: impl Future<Output = vividshift_core::Result<T>>) -> JsResult<T> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(result) => result.map_err(to_js_error),
        Poll::Pending => Err(to_js_error(Error::internal(
            "an in-memory operation did not complete synchronously",
        ))),
    }
}

fn out<T: Serialize>(result: JsResult<T>) -> JsResult<JsValue> {
    to_js(&result?)
}

/// The SDK client over an in-memory store that lives as long as this object.
#[wasm_bindgen(js_name = Client)]
pub struct JsClient {
    inner: Client,
}

impl Default for JsClient {
    fn default() -> Self {
        Self::new()
    }
}

impl JsClient {
    fn scope(&self, domain: &str) -> JsResult<DomainScope> {
        run(self.inner.domain(&Principal::System, domain))
    }
}

/// Reads a plan date (`YYYY-MM-DD`) and an optional engine configuration.
fn plan_args(date: &str, config: JsValue) -> JsResult<(chrono::NaiveDate, PlanConfig)> {
    let date = date.parse::<chrono::NaiveDate>().map_err(|e| {
        to_js_error(Error::invalid(
            "date",
            "format",
            format!("must be YYYY-MM-DD: {e}"),
        ))
    })?;
    let config = if config.is_undefined() || config.is_null() {
        PlanConfig::default()
    } else {
        let json = crate::convert::from_js_json(config, "config")?;
        PlanConfig::from_value(json).map_err(to_js_error)?
    };
    Ok((date, config))
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// A client over a new, empty in-memory store.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsClient {
        Self {
            inner: Client::in_memory(),
        }
    }

    /// Creates a domain (`NewDomain`) and returns it.
    #[wasm_bindgen(js_name = createDomain, unchecked_return_type = "Domain")]
    pub fn create_domain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewDomain")] input: JsValue,
    ) -> JsResult<JsValue> {
        let input: NewDomain = from_js(input, "domain")?;
        let scope = run(self.inner.create_domain(&Principal::System, input))?;
        to_js(scope.domain())
    }

    /// Every active domain.
    #[wasm_bindgen(js_name = listDomains, unchecked_return_type = "Domain[]")]
    pub fn list_domains(&self) -> JsResult<JsValue> {
        out(run(self.inner.list_domains(&Principal::System)))
    }

    /// Registers a participant (`NewParticipant`) in the domain named `domain`.
    #[wasm_bindgen(js_name = createParticipant, unchecked_return_type = "Participant")]
    pub fn create_participant(
        &self,
        domain: &str,
        #[wasm_bindgen(unchecked_param_type = "NewParticipant")] input: JsValue,
    ) -> JsResult<JsValue> {
        let input: NewParticipant = from_js(input, "participant")?;
        let scope = self.scope(domain)?;
        out(run(scope.create_participant(input)))
    }

    /// Registers many participants at once, all or nothing.
    #[wasm_bindgen(js_name = importParticipants, unchecked_return_type = "Participant[]")]
    pub fn import_participants(
        &self,
        domain: &str,
        #[wasm_bindgen(unchecked_param_type = "NewParticipant[]")] inputs: JsValue,
    ) -> JsResult<JsValue> {
        let inputs: Vec<NewParticipant> = from_js(inputs, "participants")?;
        let scope = self.scope(domain)?;
        out(run(scope.import_participants(inputs)))
    }

    /// Participants of the domain, optionally filtered (`ParticipantQuery`).
    #[wasm_bindgen(js_name = listParticipants, unchecked_return_type = "Participant[]")]
    pub fn list_participants(
        &self,
        domain: &str,
        #[wasm_bindgen(unchecked_param_type = "ParticipantQuery | undefined")] query: JsValue,
    ) -> JsResult<JsValue> {
        let query: ParticipantQuery = if query.is_undefined() || query.is_null() {
            ParticipantQuery::default()
        } else {
            from_js(query, "query")?
        };
        let scope = self.scope(domain)?;
        out(run(scope.list_participants(&query)))
    }

    /// Creates an assignment target (`NewTarget`).
    #[wasm_bindgen(js_name = createTarget, unchecked_return_type = "Target")]
    pub fn create_target(
        &self,
        domain: &str,
        #[wasm_bindgen(unchecked_param_type = "NewTarget")] input: JsValue,
    ) -> JsResult<JsValue> {
        let input: NewTarget = from_js(input, "target")?;
        let scope = self.scope(domain)?;
        out(run(scope.create_target(input)))
    }

    /// Targets of the domain, highest priority first.
    #[wasm_bindgen(js_name = listTargets, unchecked_return_type = "Target[]")]
    pub fn list_targets(&self, domain: &str) -> JsResult<JsValue> {
        let scope = self.scope(domain)?;
        out(run(scope.list_targets(false)))
    }

    /// Stores an entity definition in the domain.
    #[wasm_bindgen(js_name = createDefinition, unchecked_return_type = "StoredDefinition")]
    pub fn create_definition(
        &self,
        domain: &str,
        #[wasm_bindgen(unchecked_param_type = "Definition")] definition: JsValue,
    ) -> JsResult<JsValue> {
        let schema: EntitySchema = from_js(definition, "definition")?;
        let scope = self.scope(domain)?;
        out(run(scope.create_definition(schema)))
    }

    /// Creates an entity validated against its definition (`{definition, attributes, tags}`).
    #[wasm_bindgen(js_name = createEntity, unchecked_return_type = "Entity")]
    pub fn create_entity(
        &self,
        domain: &str,
        #[wasm_bindgen(unchecked_param_type = "NewEntity")] input: JsValue,
    ) -> JsResult<JsValue> {
        let input: NewEntity = from_js(input, "entity")?;
        let scope = self.scope(domain)?;
        out(run(scope.create_entity(input)))
    }

    /// Plans `date` from the domain's stored participants, targets and past
    /// assignments, and stores the plan; returns `{record, plan}`.
    #[wasm_bindgen(js_name = generateAssignment, unchecked_return_type = "GeneratedAssignment")]
    pub fn generate_assignment(
        &self,
        domain: &str,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "PlanConfig | undefined")] config: JsValue,
    ) -> JsResult<JsValue> {
        let (date, config) = plan_args(date, config)?;
        let scope = self.scope(domain)?;
        out(run(scope.generate_assignment(date, config)))
    }

    /// Plans `date` like `generateAssignment` without storing anything.
    #[wasm_bindgen(js_name = previewAssignment, unchecked_return_type = "Plan")]
    pub fn preview_assignment(
        &self,
        domain: &str,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "PlanConfig | undefined")] config: JsValue,
    ) -> JsResult<JsValue> {
        let (date, config) = plan_args(date, config)?;
        let scope = self.scope(domain)?;
        out(run(scope.preview_assignment(date, config)))
    }
}
