//! Compiles an IR text file: `sirc FILE.sir OUTPUT [--release] [--object]`,
//! or runs it with the JIT: `sirc FILE.sir --run [--release] [ARGS...]`.

use seen_codegen::{IrOptions, OptLevel, OutputKind, RunOptions, compile_ir, run_ir};
use seen_ir::Module;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(target)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: sirc FILE.sir OUTPUT [--release] [--object] | sirc FILE.sir --run [ARGS...]"
        );
        return ExitCode::from(2);
    };
    let module = match std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|t| seen_ir::parse(&t).map_err(|e| e.to_string()))
    {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(2);
        }
    };
    let release = args.iter().any(|a| a == "--release");
    if target == "--run" {
        let rest = args[2..]
            .iter()
            .filter(|a| *a != "--release")
            .cloned()
            .collect();
        return run(&module, rest, release);
    }
    let object = args.iter().any(|a| a == "--object");
    compile(&module, target, release, object)
}

fn run(module: &Module, args: Vec<String>, release: bool) -> ExitCode {
    let options = RunOptions {
        args,
        debug: !release,
        ..RunOptions::default()
    };
    match run_ir(module, &options) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(&out.stdout);
            let _ = std::io::stderr().write_all(&out.stderr);
            if let Some(note) = out.note() {
                eprintln!("note: {note}");
            }
            ExitCode::from(out.exit_code as u8)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn compile(module: &Module, output: &str, release: bool, object: bool) -> ExitCode {
    let level = if release {
        OptLevel::Release
    } else {
        OptLevel::Debug
    };
    let kind = if object {
        OutputKind::Object
    } else {
        OutputKind::Executable
    };
    match compile_ir(module, &IrOptions::new(output).kind(kind).opt_level(level)) {
        Ok(a) => {
            for (phase, t) in &a.timings {
                eprintln!("{phase}: {t:?}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
