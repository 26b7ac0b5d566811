# Thin wrapper around CMake. `make` builds build/paicha; `make test` runs the whole suite with
# real servers; `make run` is the main job (discover + audit of this machine).
JOBS ?= $(shell nproc)
BUILD ?= build
CMAKE_FLAGS ?=

.PHONY: all deps build test unit integration run sanitize fuzz fuzz-run format bench clean

all: build

deps:
	@scripts/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: deps build
	@scripts/run-tests.sh $(BUILD)

run:
	@scripts/install-deps.sh --build-only
	@$(MAKE) --no-print-directory build
	@scripts/run-main.sh $(BUILD)

sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPAICHA_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@PAICHA_SANITIZED=1 scripts/run-tests.sh build-asan

fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPAICHA_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

fuzz-run: fuzz
	@scripts/run-fuzz.sh build-fuzz $${FUZZ_SECONDS:-30}

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	@rm -rf build build-asan build-fuzz
