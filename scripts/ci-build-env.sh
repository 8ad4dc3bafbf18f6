# Sourced by scripts/test-pre-commit.sh and scripts/test-wheel.sh (with $root set): both
# compile wirebook in release mode, the first through pre-commit's `cargo install`, the second
# through maturin. They share one target directory and one quick profile, so the ~320
# dependencies are compiled once and the second build only recompiles the wirebook crate.
export CARGO_TARGET_DIR=$root/target/pre-commit-build
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
