using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: dotnet run -c Release -- --filter '*Lut*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
