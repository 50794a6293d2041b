using ReviewConsole.Benchmarks.Api;
using ReviewConsole.Benchmarks.Drift;
using ReviewConsole.Benchmarks.Trainer;

// dotnet run -c Release --project tests/ReviewConsole.Benchmarks -- [trainer|drift|api [ingest|single|reviewers|scale|dashboard|batches]|all]
var which = args.FirstOrDefault() ?? "all";
var failures = 0;
if (which is "trainer" or "all")
    failures += TrainerBenchmark.Run();
if (which is "drift" or "all")
    failures += DriftBenchmark.Run();
if (which is "api" or "all")
    failures += await ApiBenchmark.RunAsync(which == "api" ? args.Skip(1).FirstOrDefault() : null);
return failures == 0 ? 0 : 1;
