const t0 = Date.now(); const lap = (m) => console.log(m, Date.now() - t0);
const { startEmbedded } = require('./dist/src/db/embedded.js');
(async () => {
  const p = startEmbedded(process.argv[2]);
  if (process.argv[3] === 'yield') for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
  require('reflect-metadata'); require('./dist/src/app/parley-app.js'); lap('app loaded');
  const e = await p; lap('pglite up');
  await e.close();
})();
