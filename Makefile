# Shortcuts for the scripts (which do the real work and need no make).
.PHONY: run test bench
run:
	scripts/run
test:
	scripts/test
bench:
	scripts/bench
