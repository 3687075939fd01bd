const Sequencer = require('@jest/test-sequencer').default;

/**
 * The files that took longest in the measured runs (README, Testing): browsers, server processes,
 * the authorization matrix, the pipeline DP audit. They are small files, and without durations of
 * an earlier run (a fresh clone) jest orders by file size, so they would start last and leave a
 * worker running them alone at the end. Only files jest has no duration for are reordered, and
 * only these.
 */
const LONG = [/\/test\/console\//, /\/test\/authorization\/matrix\./, /\/test\/db\/data-dir-lock\./, /\/test\/federation\/three-deployments\./, /\/test\/foundation\/process\./, /\/test\/queries\/pipeline-dp-audit\./, /\/test\/production\//];

class ParleySequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const longUntimed = (test) => this.time(test) === undefined && LONG.some((re) => re.test(test.path.replace(/\\/g, '/')));
    return [...sorted.filter(longUntimed), ...sorted.filter((test) => !longUntimed(test))];
  }
}

module.exports = ParleySequencer;
