# Doorstroom: the two commands of the README, and a few helpers.
#   make demo   installs GSL if needed, builds in release mode, runs the default scenario
#   make test   installs GSL if needed, runs the test suite
#   make fuzz   mutates the shipped scenarios FUZZ_CASES times against a release build
#   make report report.html of the Den Haag baseline and stress sweep, with PNG screenshots (headless Chromium)
#   make readme-images  the README's fan chart and heat map, drawn by the tool
#   make bench  doorstroom bench (release): client-events/s, speed-up, peak memory; rows appended to Output/bench/results.csv
#   make bench-samplers  draws per second of the generators and GSL samplers
#   make slurm-test  a real single-node Slurm: a run and a small sweep as arrays of shards plus merge jobs, against a single run and batch

SCENARIO ?= Scenarios/den-haag/baseline.yaml
SWIFT ?= swift
FUZZ_CASES ?= 2000
FUZZ_RUNS ?= 300

.PHONY: demo test build deps validate bench bench-samplers slurm-test fuzz report readme-images clean

deps:
	@scripts/ensure-gsl.sh

build: deps
	$(SWIFT) build -c release --product doorstroom

demo: build
	.build/release/doorstroom validate $$(find Scenarios Sweeps -name "*.yaml" | sort)
	.build/release/doorstroom run $(SCENARIO)

test: deps
	$(SWIFT) test

validate: build
	.build/release/doorstroom validate $$(find Scenarios Sweeps -name "*.yaml" | sort)

# The fuzz test (Tests/DoorstroomCoreTests/Fuzz) with many more cases and runs than
# CI's, on the release binary; DOORSTROOM_FUZZ_SEED=N picks the first case's seed.
fuzz: build
	DOORSTROOM_FUZZ_TOOL=$(CURDIR)/.build/release/doorstroom DOORSTROOM_FUZZ_CASES=$(FUZZ_CASES) \
	DOORSTROOM_FUZZ_RUNS=$(FUZZ_RUNS) DOORSTROOM_FUZZ_RUN_ALL=1 $(SWIFT) test --filter FuzzTests

report: build
	scripts/report-screenshots.sh

readme-images: build
	scripts/readme-images.sh

bench: build
	.build/release/doorstroom bench

slurm-test: deps
	scripts/slurm-test.sh

bench-samplers: deps
	$(SWIFT) run -c release doorstroom-bench

clean:
	rm -rf .build
