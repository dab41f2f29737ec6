//! The Arrow PyCapsule interface: Arrow arrays and streams in from any
//! producer (pyarrow, Polars, pandas' Arrow-backed columns, Spark's batches)
//! and a record batch out, through the Arrow C data interface of
//! `arrow-array` (its `ffi` feature). Written against the C interface
//! directly: a binding crate (pyo3-arrow) brings every time zone of chrono-tz
//! and Python classes that would double the size of the extension module.

use std::ffi::{CStr, CString};
use std::sync::Arc;

use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{make_array, Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

fn arrow_error(what: &str, e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

/// The capsule's pointer, after checking its name.
fn pointer(capsule: &Bound<'_, PyAny>, name: &CStr) -> PyResult<*mut std::ffi::c_void> {
    let capsule = capsule.downcast::<PyCapsule>()?;
    if capsule.name()? != Some(name) {
        return Err(PyTypeError::new_err(format!(
            "expected a PyCapsule named {name:?}"
        )));
    }
    Ok(capsule.pointer())
}

/// Whether `obj` exports Arrow data (`__arrow_c_array__` or `__arrow_c_stream__`).
pub(crate) fn is_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("__arrow_c_array__")? || obj.hasattr("__arrow_c_stream__")?)
}

/// The arrays of an Arrow array or stream exported by `obj` (zero-copy: the
/// buffers stay the producer's, released when the arrays are dropped).
/// `what` names it in errors.
pub(crate) fn import(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<ArrayRef>> {
    if obj.hasattr("__arrow_c_array__")? {
        let capsules = obj.call_method0("__arrow_c_array__")?;
        let (schema, array): (Bound<'_, PyAny>, Bound<'_, PyAny>) = capsules.extract()?;
        let schema = pointer(&schema, c"arrow_schema")? as *const FFI_ArrowSchema;
        let array = pointer(&array, c"arrow_array")? as *mut FFI_ArrowArray;
        // SAFETY: the capsules hold an Arrow C schema and array; the array is
        // moved out (its capsule keeps a released one) and the schema borrowed
        // while its capsule is alive.
        let data = unsafe { from_ffi(FFI_ArrowArray::from_raw(array), &*schema) }
            .map_err(|e| arrow_error(what, e))?;
        return Ok(vec![make_array(data)]);
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let raw = pointer(&capsule, c"arrow_array_stream")? as *mut FFI_ArrowArrayStream;
    // SAFETY: the capsule holds an Arrow C stream, moved out here (the capsule
    // keeps a released one); the stream is released when dropped.
    let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(raw) };
    let failed = |stream: &mut FFI_ArrowArrayStream, code: i32| {
        // SAFETY: the stream is live; its last error lives until its next call.
        let message = stream
            .get_last_error
            .map(|f| unsafe { f(stream) })
            .filter(|p| !p.is_null())
            .map(|p| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned());
        arrow_error(
            what,
            message.unwrap_or_else(|| format!("stream error {code}")),
        )
    };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(arrow_error(what, "the Arrow stream was already consumed"));
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: a live stream and a schema to fill.
    let code = unsafe { get_schema(&mut stream, &mut schema) };
    if code != 0 {
        return Err(failed(&mut stream, code));
    }
    let data_type = DataType::try_from(&schema).map_err(|e| arrow_error(what, e))?;
    let mut arrays = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: a live stream and an array to fill; a released array ends it.
        let code = unsafe { get_next(&mut stream, &mut array) };
        if code != 0 {
            return Err(failed(&mut stream, code));
        }
        if array.is_released() {
            return Ok(arrays);
        }
        // SAFETY: the stream's arrays are of the schema's type.
        let data = unsafe { from_ffi_and_data_type(array, data_type.clone()) }
            .map_err(|e| arrow_error(what, e))?;
        arrays.push(make_array(data));
    }
}

/// `batch` as the `(schema, array)` PyCapsules an `__arrow_c_array__` method
/// returns: a struct array whose fields are the batch's columns.
pub(crate) fn export(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyTuple>> {
    let fields = batch.schema().fields().clone();
    let array: ArrayRef = Arc::new(StructArray::from(batch));
    let schema = FFI_ArrowSchema::try_from(Field::new_struct("", fields, false))
        .map_err(|e| arrow_error("result columns", e))?;
    let array = FFI_ArrowArray::new(&array.to_data());
    let schema = PyCapsule::new(py, schema, Some(CString::from(c"arrow_schema")))?;
    let array = PyCapsule::new(py, array, Some(CString::from(c"arrow_array")))?;
    PyTuple::new(py, [schema, array])
}
