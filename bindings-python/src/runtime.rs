//! The one tokio runtime of the process, shared by every client, and the
//! blocking bridge that runs a core future on it with the GIL released, so
//! that other Python threads run while a call waits on the database.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;

use pyo3::prelude::*;
use tokio::runtime::Runtime;
use vividshift_core::Error;

use crate::errors::to_py_err;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// The process-wide runtime, built on first use.
fn runtime() -> Result<&'static Runtime, Error> {
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    // Pool maintenance and connection IO run on the workers while callers
    // block; a few workers are enough for a blocking, per-thread API.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get().min(4))
        .unwrap_or(2);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("vividshift-runtime")
        .enable_all()
        .build()
        .map_err(|e| Error::Configuration(format!("cannot start the async runtime: {e}")))?;
    // Another thread may have won the race; its runtime is the one kept.
    let _ = RUNTIME.set(rt);
    RUNTIME
        .get()
        .ok_or_else(|| Error::internal("the async runtime vanished"))
}

/// Runs `future` to completion on the shared runtime with the GIL released.
/// A panic inside is reported as `InternalError` rather than crossing into Python.
pub fn block_on<T, F>(py: Python<'_>, future: F) -> PyResult<T>
where
    T: Send,
    F: Future<Output = vividshift_core::Result<T>> + Send,
{
    let result = py.detach(move || {
        let rt = runtime()?;
        std::panic::catch_unwind(AssertUnwindSafe(|| rt.block_on(future))).unwrap_or_else(|panic| {
            Err(Error::internal(format!(
                "the SDK panicked (a bug): {}",
                panic_message(panic.as_ref())
            )))
        })
    });
    result.map_err(|e| to_py_err(py, e))
}

/// Runs CPU-bound work (planning) with the GIL released, so that other
/// Python threads keep running. A panic inside becomes `InternalError`.
pub fn detached<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> vividshift_core::Result<T> + Send,
{
    let result = py.detach(move || {
        std::panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
            Err(Error::internal(format!(
                "the SDK panicked (a bug): {}",
                panic_message(panic.as_ref())
            )))
        })
    });
    result.map_err(|e| to_py_err(py, e))
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
