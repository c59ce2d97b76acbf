using MevAnalytics.Cli;

return await MevCli.Build().Parse(args).InvokeAsync();
