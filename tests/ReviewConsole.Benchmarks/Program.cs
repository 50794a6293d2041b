using ReviewConsole.Benchmarks.Trainer;

// dotnet run -c Release --project tests/ReviewConsole.Benchmarks -- trainer
var which = args.FirstOrDefault() ?? "all";
var failures = 0;
if (which is "trainer" or "all")
    failures += TrainerBenchmark.Run();
return failures == 0 ? 0 : 1;
