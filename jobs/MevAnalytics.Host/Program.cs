return await MevAnalytics.Host.MevHost.RunAsync(MevAnalytics.Jobs.Hosting.MevConfiguration.Build(),
    CancellationToken.None);
