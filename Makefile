# Doorstroom: the two commands of the README, and a few helpers.
#   make demo   installs GSL if needed, builds in release mode, runs the default scenario
#   make test   installs GSL if needed, runs the test suite

SCENARIO ?= Scenarios/den-haag/baseline.yaml
SWIFT ?= swift

.PHONY: demo test build deps validate bench clean

deps:
	@scripts/ensure-gsl.sh

build: deps
	$(SWIFT) build -c release --product doorstroom

demo: build
	.build/release/doorstroom validate $$(find Scenarios -name "*.yaml" | sort)
	.build/release/doorstroom run $(SCENARIO)

test: deps
	$(SWIFT) test

validate: build
	.build/release/doorstroom validate $$(find Scenarios -name "*.yaml" | sort)

bench: deps
	$(SWIFT) run -c release doorstroom-bench

clean:
	rm -rf .build
