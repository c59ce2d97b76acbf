global using Xunit;

// The hosts share Hangfire's process-wide configuration and one embedded engine; one test at a time keeps the
// 2-core CI machine's timings honest too.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
