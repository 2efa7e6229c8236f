//! Writing files atomically and linking executables with `cc`.
//!
//! Every file goes to a temporary name in the destination's directory
//! first and is renamed into place, so a failed or interrupted build never
//! leaves a half-written output.

use crate::error::CodegenError;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// The C compiler that drives the linker.
const CC: &str = "cc";

/// The directory a file is written into (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CodegenError> {
    let dir = parent_dir(path);
    let context = || format!("writing `{}`", path.display());
    let mut tmp = tempfile::Builder::new()
        .prefix(".seen-")
        .tempfile_in(dir)
        .map_err(|e| CodegenError::io(context(), e))?;
    tmp.write_all(bytes)
        .map_err(|e| CodegenError::io(context(), e))?;
    tmp.persist(path)
        .map_err(|e| CodegenError::io(context(), e.error))?;
    Ok(())
}

/// Links the object file `object` into the executable `output`:
/// `cc obj -L <runtime> -lseen_start -lseen_runtime -lm` (and `-rdynamic`
/// in debug builds).
pub(crate) fn link_executable(
    object: &[u8],
    output: &Path,
    debug: bool,
) -> Result<(), CodegenError> {
    let scratch =
        tempfile::tempdir().map_err(|e| CodegenError::io("creating a temporary directory", e))?;
    let obj_path = scratch.path().join("program.o");
    std::fs::write(&obj_path, object)
        .map_err(|e| CodegenError::io(format!("writing `{}`", obj_path.display()), e))?;
    let dir = parent_dir(output);
    let tmp = tempfile::Builder::new()
        .prefix(".seen-link-")
        .tempfile_in(dir)
        .map_err(|e| CodegenError::io(format!("creating a file in `{}`", dir.display()), e))?
        .into_temp_path();
    let mut cmd = Command::new(CC);
    cmd.arg(&obj_path)
        .arg("-o")
        .arg(&tmp)
        .arg("-L")
        .arg(seen_std::runtime_lib_dir())
        .arg(format!("-l{}", seen_std::START_LIB_NAME))
        .arg(format!("-l{}", seen_std::RUNTIME_LIB_NAME))
        .args(seen_std::RUNTIME_LINK_ARGS);
    if debug {
        cmd.args(seen_std::RUNTIME_DEBUG_LINK_ARGS);
    }
    let out = cmd.output().map_err(|e| CodegenError::Link {
        output: output.to_path_buf(),
        message: format!("cannot run `{CC}`: {e}"),
    })?;
    if !out.status.success() {
        return Err(CodegenError::Link {
            output: output.to_path_buf(),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    make_executable(&tmp)?;
    tmp.persist(output)
        .map_err(|e| CodegenError::io(format!("writing `{}`", output.display()), e.error))?;
    Ok(())
}

/// Sets the execute bits (the temporary file was created 0600; the
/// linker may have kept its mode).
fn make_executable(path: &Path) -> Result<(), CodegenError> {
    use std::os::unix::fs::PermissionsExt;
    let context = || format!("setting the permissions of `{}`", path.display());
    let mut perms = std::fs::metadata(path)
        .map_err(|e| CodegenError::io(context(), e))?
        .permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms).map_err(|e| CodegenError::io(context(), e))
}
