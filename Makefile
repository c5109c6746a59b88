# The two commands of the README, and a few more. Everything installs what it needs first.
BUILD       ?= build
TEST_DIR    := $(BUILD)/test
RELEASE_DIR := $(BUILD)/release
DATA        ?= data
LISTEN      ?= 127.0.0.1:8080

.PHONY: all deps run test build-release build-test bench format clean

all: build-release

deps:
	@scripts/install-deps

build-release: deps
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE_DIR) --target haven

run: build-release
	@test -f $(DATA)/haven.toml || $(RELEASE_DIR)/src/haven init --demo --data $(DATA)
	$(RELEASE_DIR)/src/haven serve --data $(DATA) --listen $(LISTEN)

build-test: deps
	@cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHAVEN_SANITIZE=ON \
	  -DHAVEN_TEST_HOOKS=ON >/dev/null
	@cmake --build $(TEST_DIR)

# Every test on SQLite and on a throw-away PostgreSQL cluster; ends with ctest's summary.
# The release binary is built too, so an optimised-build-only warning cannot hide until
# `make run`.
test: build-release build-test
	@scripts/with-postgres env HAVEN_REQUIRE_POSTGRES=1 \
	  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(TEST_DIR) --output-on-failure --timeout 300 -j2

bench: build-release
	@cmake --build $(RELEASE_DIR) --target healthz_probe generate_cases
	@bench/run-http $(RELEASE_DIR)/src/haven
	@bench/run-sign-in $(RELEASE_DIR)/src/haven
	@bench/run-cases $(RELEASE_DIR)/src/haven
	@scripts/with-postgres bench/run-cases $(RELEASE_DIR)/src/haven --postgres

format:
	@find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
