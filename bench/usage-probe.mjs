// Loaded with `node --import` into a benchmarked process: at exit it prints one line with the
// process's own resource usage (peak resident set size and CPU time) to stderr.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\n@@usage ${JSON.stringify({ maxRssKiB: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 })}\n`,
  );
});
