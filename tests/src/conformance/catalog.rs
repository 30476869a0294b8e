//! Entity definitions, entities and rule configurations.

use std::sync::Arc;

use serde_json::json;
use vividshift_core::model::{
    EntityPatch, EntityQuery, EntitySchema, EntityStatus, NewEntity, NewRuleConfiguration,
};
use vividshift_core::{EntityId, Error, Store};

use super::{assert_conflict, assert_not_found, assert_violation, new_domain};

/// A definition in the original product's JSON shape.
pub fn person_schema() -> EntitySchema {
    serde_json::from_value(json!({
        "name": "person",
        "display_name": "Person",
        "fields": {
            "name": {"field_type": "string", "required": true, "default_value": null, "display_name": "Name",
                     "constraints": {"min_length": 1, "max_length": 20, "pattern": "^[A-Z]", "min": null, "max": null, "enum": null, "unique": false}},
            "badge": {"field_type": "string", "required": false, "constraints": {"unique": true}},
            "age": {"field_type": "integer", "constraints": {"min": 0, "max": 150}},
            "shift": {"field_type": "enum", "default_value": "day", "constraints": {"enum": ["day", "night"]}},
        }
    }))
    .unwrap()
}

fn team_member_schema() -> EntitySchema {
    serde_json::from_value(json!({
        "name": "team_member",
        "display_name": "Team member",
        "fields": {
            "person": {"field_type": "reference", "required": true, "reference": "person"},
        }
    }))
    .unwrap()
}

fn entity(definition: &str, attributes: serde_json::Value) -> NewEntity {
    NewEntity {
        definition: definition.into(),
        attributes,
        tags: vec![],
    }
}

/// Create, read, list, update (version bump) and retire a definition; names conflict.
pub async fn definition_crud(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let created = scope.create_definition(person_schema()).await.unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(
        created.schema,
        person_schema(),
        "the schema reads back as written"
    );
    assert_eq!(scope.definition("person").await.unwrap(), created);
    assert_eq!(
        scope.list_definitions().await.unwrap(),
        vec![created.clone()]
    );
    assert_conflict(scope.create_definition(person_schema()).await, "name");

    let mut changed = person_schema();
    changed.display_name = Some("Human".into());
    let updated = scope
        .update_definition("person", changed.clone())
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.schema, changed);
    assert_violation(
        scope
            .update_definition("person", team_member_schema())
            .await,
        "name",
        "immutable",
    );
    let retired = scope.retire_definition("person").await.unwrap();
    assert!(!retired.is_active);
    assert!(scope.list_definitions().await.unwrap().is_empty());
    assert_violation(
        scope
            .create_entity(entity("person", json!({"name": "Ada"})))
            .await,
        "definition",
        "active",
    );
    assert_violation(
        scope.create_entity(entity("nobody", json!({}))).await,
        "definition",
        "exists",
    );
}

/// A malformed schema is rejected with the field and rule, and nothing is stored.
pub async fn definition_bad_schema_writes_nothing(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let mut bad = person_schema();
    if let Some(field) = bad.fields.get_mut("name") {
        field.constraints.pattern = Some("([unclosed".into());
    }
    let result = scope.create_definition(bad).await;
    assert!(
        matches!(result, Err(Error::Validation(ref v)) if !v.is_empty()),
        "{result:?}"
    );
    assert!(scope.list_definitions().await.unwrap().is_empty());
    let unknown_key = serde_json::from_value::<EntitySchema>(json!({
        "name": "x", "fields": {"a": {"field_type": "string", "colour": "red"}}
    }));
    assert!(
        unknown_key.is_err(),
        "unknown keys in a definition are rejected"
    );
}

/// Entities are validated (every violation listed), defaulted, updated and soft-deleted.
pub async fn entity_crud_and_validation(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    scope.create_definition(person_schema()).await.unwrap();
    let ada = scope
        .create_entity(entity("person", json!({"name": "Ada", "age": 36})))
        .await
        .unwrap();
    assert_eq!(ada.attributes["shift"], "day", "defaults are applied");
    assert_eq!(ada.version, 1);
    assert_eq!(scope.entity(ada.id).await.unwrap(), ada);

    let result = scope
        .create_entity(entity(
            "person",
            json!({"name": "lowercase name that is far too long", "age": -1, "shift": "noon", "extra": 1}),
        ))
        .await;
    match &result {
        Err(Error::Validation(v)) => {
            for (path, rule) in [
                ("attributes/name", "pattern"),
                ("attributes/name", "max_length"),
                ("attributes/age", "min"),
                ("attributes/shift", "enum"),
            ] {
                assert!(
                    v.iter().any(|x| x.path == path && x.rule == rule),
                    "missing {rule} at {path} in {v:?}"
                );
            }
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
    assert_violation(
        scope
            .create_entity(entity("person", json!({"age": "old"})))
            .await,
        "attributes/name",
        "required",
    );
    let all = scope.list_entities(&EntityQuery::default()).await.unwrap();
    assert_eq!(all.len(), 1, "failed creates write nothing");

    let updated = scope
        .update_entity(
            ada.id,
            EntityPatch {
                attributes: Some(json!({"name": "Ada", "age": 37})),
                tags: Some(vec!["founder".into()]),
                status: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.attributes["age"], 37);
    assert_violation(
        scope
            .update_entity(
                ada.id,
                EntityPatch {
                    attributes: Some(json!({"name": "Ada", "age": 1000})),
                    ..EntityPatch::default()
                },
            )
            .await,
        "attributes/age",
        "max",
    );
    assert_eq!(
        scope.entity(ada.id).await.unwrap(),
        updated,
        "failed update writes nothing"
    );
    let tagged = scope
        .list_entities(&EntityQuery {
            tag: Some("founder".into()),
            ..EntityQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(tagged.len(), 1);

    let deleted = scope.delete_entity(ada.id).await.unwrap();
    assert_eq!(deleted.status, EntityStatus::Deleted);
    assert!(
        scope
            .list_entities(&EntityQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let with_deleted = scope
        .list_entities(&EntityQuery {
            include_deleted: true,
            ..EntityQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(with_deleted.len(), 1, "soft delete keeps the row");
    assert_not_found(scope.entity(EntityId::new()).await);
}

/// A unique field conflicts across entities of a definition; deleting frees the value.
pub async fn entity_unique_conflict(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    scope.create_definition(person_schema()).await.unwrap();
    let first = scope
        .create_entity(entity("person", json!({"name": "Ada", "badge": "B-1"})))
        .await
        .unwrap();
    assert_conflict(
        scope
            .create_entity(entity("person", json!({"name": "Bea", "badge": "B-1"})))
            .await,
        "badge",
    );
    let second = scope
        .create_entity(entity("person", json!({"name": "Bea", "badge": "B-2"})))
        .await
        .unwrap();
    assert_conflict(
        scope
            .update_entity(
                second.id,
                EntityPatch {
                    attributes: Some(json!({"name": "Bea", "badge": "B-1"})),
                    ..EntityPatch::default()
                },
            )
            .await,
        "badge",
    );
    scope.delete_entity(first.id).await.unwrap();
    scope
        .update_entity(
            second.id,
            EntityPatch {
                attributes: Some(json!({"name": "Bea", "badge": "B-1"})),
                ..EntityPatch::default()
            },
        )
        .await
        .unwrap();
    // Another domain may use the same value.
    let other = new_domain(&store).await;
    other.create_definition(person_schema()).await.unwrap();
    other
        .create_entity(entity("person", json!({"name": "Ada", "badge": "B-1"})))
        .await
        .unwrap();
}

/// A reference must name an existing entity of the referenced definition in the same domain.
pub async fn entity_references(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    scope.create_definition(person_schema()).await.unwrap();
    scope.create_definition(team_member_schema()).await.unwrap();
    let ada = scope
        .create_entity(entity("person", json!({"name": "Ada"})))
        .await
        .unwrap();
    scope
        .create_entity(entity("team_member", json!({"person": ada.id})))
        .await
        .unwrap();
    assert_violation(
        scope
            .create_entity(entity("team_member", json!({"person": EntityId::new()})))
            .await,
        "attributes/person",
        "reference",
    );
    let member = scope
        .create_entity(entity("team_member", json!({"person": ada.id})))
        .await
        .unwrap();
    assert_violation(
        scope
            .create_entity(entity("team_member", json!({"person": member.id})))
            .await,
        "attributes/person",
        "reference",
    );
    let other = new_domain(&store).await;
    other.create_definition(person_schema()).await.unwrap();
    other.create_definition(team_member_schema()).await.unwrap();
    assert_violation(
        other
            .create_entity(entity("team_member", json!({"person": ada.id})))
            .await,
        "attributes/person",
        "reference",
    );
}

/// Store, read, list and update named rule configurations; names conflict.
pub async fn rule_configurations(store: Arc<dyn Store>) {
    let scope = new_domain(&store).await;
    let input = NewRuleConfiguration {
        name: "weekly".into(),
        strategy: "balanced_rotation".into(),
        parameters: json!({"weights": {"rotation": 0.7}}),
    };
    let created = scope
        .create_rule_configuration(input.clone())
        .await
        .unwrap();
    assert_eq!(scope.rule_configuration("weekly").await.unwrap(), created);
    assert_conflict(scope.create_rule_configuration(input.clone()).await, "name");
    let updated = scope
        .update_rule_configuration(NewRuleConfiguration {
            strategy: "optimal".into(),
            ..input
        })
        .await
        .unwrap();
    assert_eq!(updated.strategy, "optimal");
    assert_eq!(
        scope.list_rule_configurations().await.unwrap(),
        vec![updated]
    );
    assert_violation(
        scope
            .create_rule_configuration(NewRuleConfiguration {
                name: "Bad Name".into(),
                strategy: "optimal".into(),
                parameters: json!({}),
            })
            .await,
        "name",
        "pattern",
    );
    assert_not_found(scope.rule_configuration("missing").await);
}
