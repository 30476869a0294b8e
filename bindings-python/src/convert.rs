//! Moving values across the boundary. Python data comes in as JSON
//! (`serde_json::Value`) and typed inputs are read from that JSON by serde, so
//! that unknown keys and wrong types are rejected with the same messages as
//! in Rust and WASM. Results go out as plain `dict`/`list`/`str`/`int`/
//! `float`/`bool`/`None`.
//!
//! Beyond plain JSON data, inputs may hold `datetime.date`,
//! `datetime.datetime` (as ISO 8601 text) and `uuid.UUID` (as hyphenated
//! text), and tuples (as lists). Anything else (sets, bytes, NaN, objects) is
//! a `ValidationError` naming the path of the bad value and the rule `type`.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};
use uuid::Uuid;
use vividshift_core::{Error, Violation};

use crate::errors::to_py_err;

/// Nesting deeper than this is rejected (as `serde_json` does when parsing),
/// so that hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// Why a value could not be converted, with the path to it (innermost last
/// once reversed).
struct Bad {
    segments: Vec<String>,
    rule: &'static str,
    message: String,
}

impl Bad {
    fn new(rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            segments: Vec::new(),
            rule,
            message: message.into(),
        }
    }

    fn at(mut self, segment: impl Into<String>) -> Self {
        self.segments.push(segment.into());
        self
    }

    fn into_error(self, what: &str) -> Error {
        let mut path = what.to_owned();
        for s in self.segments.iter().rev() {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(s);
        }
        Error::Validation(vec![Violation::new(path, self.rule, self.message)])
    }
}

/// The `datetime.date`, `datetime.datetime` and `uuid.UUID` classes, imported once.
struct KnownTypes {
    date: Py<PyType>,
    datetime: Py<PyType>,
    uuid: Py<PyType>,
}

static KNOWN_TYPES: PyOnceLock<KnownTypes> = PyOnceLock::new();

fn known_types(py: Python<'_>) -> PyResult<&KnownTypes> {
    KNOWN_TYPES.get_or_try_init(py, || {
        let datetime = py.import("datetime")?;
        let uuid = py.import("uuid")?;
        Ok(KnownTypes {
            date: datetime.getattr("date")?.cast_into::<PyType>()?.unbind(),
            datetime: datetime
                .getattr("datetime")?
                .cast_into::<PyType>()?
                .unbind(),
            uuid: uuid.getattr("UUID")?.cast_into::<PyType>()?.unbind(),
        })
    })
}

fn python_error(e: PyErr) -> Bad {
    Bad::new("type", format!("cannot be read: {e}"))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Bad> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(
            s.to_cow().map_err(python_error)?.into_owned(),
        ));
    }
    if depth > MAX_DEPTH {
        return Err(Bad::new(
            "depth",
            format!("nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        // Collected first: building the (sorted) map from a list in one go
        // is cheaper than inserting key by key.
        let mut entries = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key: Cow<'_, str> = match k.cast::<PyString>() {
                Ok(s) => s.to_cow().map_err(python_error)?,
                Err(_) => {
                    return Err(Bad::new(
                        "type",
                        format!("keys must be strings, not `{}`", type_name(&k)),
                    ));
                }
            };
            let value = convert(&v, depth + 1).map_err(|b| b.at(key.as_ref()))?;
            entries.push((key.into_owned(), value));
        }
        return Ok(Value::Object(Map::from_iter(entries)));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for (i, item) in l.iter().enumerate() {
            out.push(convert(&item, depth + 1).map_err(|b| b.at(i.to_string()))?);
        }
        return Ok(Value::Array(out));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Past 64 bits, as serde_json reads such a number from JSON text: a float.
        let f: f64 = obj.extract().map_err(python_error)?;
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| Bad::new("type", "is too large for a JSON number"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| Bad::new("type", "must be a finite number (not NaN or infinity)"));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(t.len());
        for (i, item) in t.iter().enumerate() {
            out.push(convert(&item, depth + 1).map_err(|b| b.at(i.to_string()))?);
        }
        return Ok(Value::Array(out));
    }
    let py = obj.py();
    let known = known_types(py).map_err(python_error)?;
    if obj.is_instance(known.date.bind(py)).unwrap_or(false)
        || obj.is_instance(known.datetime.bind(py)).unwrap_or(false)
    {
        let text: String = obj
            .call_method0("isoformat")
            .and_then(|s| s.extract())
            .map_err(python_error)?;
        return Ok(Value::String(text));
    }
    if obj.is_instance(known.uuid.bind(py)).unwrap_or(false) {
        let text: String = obj.str().and_then(|s| s.extract()).map_err(python_error)?;
        return Ok(Value::String(text));
    }
    let hint = if obj.hasattr(pyo3::intern!(py, "to_dict")).unwrap_or(false) {
        "; pass its `.id` or `.to_dict()`"
    } else {
        " (use dict, list, str, int, float, bool or None)"
    };
    Err(Bad::new(
        "type",
        format!("a `{}` has no JSON form{hint}", type_name(obj)),
    ))
}

/// Reads a Python value as JSON; violations are reported under `what`.
pub fn to_json(obj: &Bound<'_, PyAny>, what: &str) -> Result<Value, Error> {
    convert(obj, 0).map_err(|b| b.into_error(what))
}

/// Reads a Python value as JSON, raising `ValidationError` when it has no JSON form.
pub fn py_to_json(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    to_json(obj, what).map_err(|e| to_py_err(obj.py(), e))
}

/// Converts JSON to plain Python data.
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Serializes a Rust value to plain Python data through JSON.
pub fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| {
        to_py_err(
            py,
            Error::internal(format!("cannot convert the result: {e}")),
        )
    })?;
    json_to_py(py, &json)
}

/// Reads JSON into a typed input, naming the argument and serde's reason.
pub fn parse<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|e| Error::Validation(vec![Violation::new(what, "type", e.to_string())]))
}

/// Reads a Python value straight into a typed input.
pub fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    to_json(obj, what)
        .and_then(|v| parse(v, what))
        .map_err(|e| to_py_err(obj.py(), e))
}

/// An input given as a dict and/or keyword arguments (keywords win), read
/// into a typed input. No dict and no keywords reads `{}`.
pub fn input_from_py<T: DeserializeOwned>(
    py: Python<'_>,
    input: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
    what: &str,
) -> PyResult<T> {
    let mut object = match input {
        None => Map::new(),
        Some(i) if i.is_none() => Map::new(),
        Some(i) => match py_to_json(i, what)? {
            Value::Object(map) => map,
            _ => {
                return Err(to_py_err(
                    py,
                    Error::invalid(
                        what,
                        "type",
                        format!("must be a dict, not `{}`", type_name(i)),
                    ),
                ));
            }
        },
    };
    if let Some(fields) = fields
        && let Value::Object(extra) = py_to_json(fields.as_any(), what)?
    {
        object.extend(extra);
    }
    parse(Value::Object(object), what).map_err(|e| to_py_err(py, e))
}

/// Reads an id: a `str`, a `uuid.UUID`, or a record with an `id` attribute.
pub fn id_from_py<T: From<Uuid>>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let py = obj.py();
    let bad = |message: String| to_py_err(py, Error::invalid(what, "uuid", message));
    let value = match convert(obj, 0) {
        Ok(v) => v,
        Err(_) => match obj.getattr(pyo3::intern!(py, "id")) {
            Ok(id) => py_to_json(&id, what)?,
            Err(_) => {
                return Err(bad(format!(
                    "must be a UUID (str, uuid.UUID or a record), not `{}`",
                    type_name(obj)
                )));
            }
        },
    };
    let Value::String(text) = value else {
        return Err(bad(format!(
            "must be a UUID (str, uuid.UUID or a record), not `{}`",
            type_name(obj)
        )));
    };
    Uuid::parse_str(&text)
        .map(T::from)
        .map_err(|e| bad(format!("`{text}` is not a UUID: {e}")))
}

/// Reads a date: a `datetime.date` or `YYYY-MM-DD` text. A `datetime.datetime`
/// is refused rather than silently cut to its date.
pub fn date_from_py(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<chrono::NaiveDate> {
    let py = obj.py();
    let known = known_types(py)?;
    if obj.is_instance(known.datetime.bind(py))? {
        return Err(to_py_err(
            py,
            Error::invalid(
                what,
                "date",
                "must be a date, not a datetime (use `.date()`)",
            ),
        ));
    }
    from_py(obj, what)
}
