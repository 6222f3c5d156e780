# Set-up and everyday commands; README.md's quick start runs `make maps` and `make test`.
SWIFT ?= swift
BIN := .build/release/journeymap

.PHONY: deps build maps test check bench media-report fuzz

# Install Graphviz (libgvc and its plugins) and the fonts the layout is measured with,
# only when pkg-config cannot find libgvc.
deps:
	@sh scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product journeymap

maps: build
	$(BIN) render maps -o output

check: build
	$(BIN) check --strict maps

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release
	.build/release/bench-check
	.build/release/bench-render

# What each medium's journey maps promise and reach, measured on the rendered SVG.
media-report: build
	python3 scripts/media-report.py $(BIN)

# Fuzz parse + check + diagnostics + both views' DOT with libFuzzer for SECONDS seconds
# (README, Fuzzing). New inputs go to .build/fuzz/corpus; crashes to .build/fuzz/.
SECONDS ?= 60
fuzz:
	mkdir -p .build/fuzz/corpus
	swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name JourneyMap \
	  Fuzz/FuzzParse.swift $$(find Sources/JourneyMap -name '*.swift' | sort) \
	  -lm -o .build/fuzz/fuzz-parse
	.build/fuzz/fuzz-parse -max_total_time=$(SECONDS) -max_len=8192 -timeout=5 \
	  -artifact_prefix=.build/fuzz/ .build/fuzz/corpus Fuzz/corpus maps
