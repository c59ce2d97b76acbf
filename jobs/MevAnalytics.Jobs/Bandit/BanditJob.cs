using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>
/// Job <c>bandit</c>: 5-minute arm rollups -&gt; decayed arms -&gt; empirical-Bayes Beta posteriors, EV and the
/// EV-best tip arm per route -&gt; off-policy evaluation of the Thompson policy from per-action sums of the recent
/// logged decisions (aggregated in ClickHouse, delta-method intervals) -&gt; gate -&gt; LUT table <c>bandit</c>.
/// </summary>
public sealed class BanditJob : IAnalyticsJob
{
    /// <summary>LUT table name.</summary>
    public const string Table = "bandit";

    /// <inheritdoc/>
    public string Name => "bandit";

    /// <inheritdoc/>
    public string Description => "Route x tip-arm Beta posteriors, EV-best arm per route, off-policy check of the Thompson policy (from 5-minute rollups).";

    /// <inheritdoc/>
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var run = LutJobRun<BanditJobOptions>.Start(context, this, Table, LutTableKind.Bandit, o => o.Window);
        var (options, window) = (run.Options, run.Window);
        var model = options.Model;
        string[] needs = model.GroupByLeader
            ? ["Route", "TipArm", "TipLamports", "LeaderGroup"]
            : ["Route", "TipArm", "TipLamports"];
        if (SourceRequirement.Unavailable(context, Name, needs) is { } unavailable) return unavailable;

        ArmDecayResult decay;
        long rowsRead, sends;
        if (options.DecayInDatabase)
        {
            var (sums, valid) = await BanditQueries.ArmWeightedSumsAsync(context.Db, window, model.HalfLife, model.GroupByLeader, ct);
            decay = ArmDecay.FromWeightedSums(sums, window.To, model);
            rowsRead = sums.Count;
            sends = valid;
        }
        else
        {
            var rollup = await BanditQueries.ArmRollupAsync(context.Db, window, model.GroupByLeader, ct);
            decay = ArmDecay.Decay(rollup, window.To, model);
            rowsRead = rollup.Count;
            sends = rollup.Sum(r => r.Pulls);
        }
        context.Log($"bandit: {rowsRead:N0} rollup rows read ({window.From:u} .. {window.To:u}), decay in {(options.DecayInDatabase ? "ClickHouse" : "the job")}");
        context.Progress(0.3);

        var (arms, routes) = BanditFit.FromDecayed(decay.Arms, model);
        context.Progress(0.5);

        var slice = QueryWindow.Ending(context.UtcNow, options.OpeSlice);
        bool propensity = context.Store?.Sources.Has(SourceKind.Landing, "Propensity") ?? true;
        var logged = propensity
            ? await BanditQueries.DecisionSumsAsync(context.Db, slice, model.GroupByLeader, ct)
            : new LoggedDecisionSums([], new SortedDictionary<string, long>(StringComparer.Ordinal));
        var decisions = logged.Decisions;
        var target = ThompsonPolicy.Probabilities(arms, model.MonteCarloDraws, model.Seed);
        var ope = !propensity
            ? new OffPolicyResult(false,
                $"the landing source {context.Store!.Sources.Landing.Table} maps no propensity " +
                $"({SourcesOptions.SectionName}:Landing:Columns:Propensity): logged decisions cannot be reweighted",
                0, 0, 0, 0, null, null, new())
            : target.Count == 0
            ? new OffPolicyResult(false, "no arm with pulls: there is no target policy to evaluate", checked((int)decisions), 0, 0, 0, null, null, new())
            : AggregateOffPolicyEvaluator.Evaluate(logged, target, RewardModel.FromArms(arms), model);
        var gate = PolicyGate.Evaluate(ope, model, options.GateEstimator);
        context.Log($"bandit: OPE on {decisions:N0} decisions ({logged.Arms.Count:N0} action sums read): {(ope.Evaluated ? gate.Reason : "skipped: " + ope.SkipReason)}");
        context.Progress(0.8);

        var content = new LutContent(run.Header(sends))
        {
            Arms = BanditArmMapping.ToLut(arms, decay.Arms),
        };
        var metrics = new Dictionary<string, double>
        {
            ["arms"] = content.Arms.Count,
            ["routes"] = routes.Count,
            ["rollup_rows"] = rowsRead,
            ["rollup_rows_skipped"] = decay.Skipped.Total,
            ["sends"] = sends,
            ["ope_decisions"] = decisions,
            ["ope_action_rows"] = logged.Arms.Count,
            ["ope_evaluated"] = ope.Evaluated ? 1 : 0,
        };
        if (ope.ExpectedValue is { } ev)
        {
            metrics["ope_ev_logging"] = ev.Logging.Estimate;
            metrics["ope_ev_ips"] = ev.Ips.Estimate;
            metrics["ope_ev_snips"] = ev.Snips.Estimate;
            metrics["ope_ev_dr"] = ev.DoublyRobust.Estimate;
            metrics["ope_ess"] = ope.EffectiveSampleSize;
        }
        var summary = BanditSummary.Create(window, slice, arms, routes, decay.Skipped, ope, gate, options);
        var checks = LutGateChecks.Standard(options.MinSends, new PolicyGateCheck(gate));
        return await run.PublishAsync(content, checks, metrics, summary, rowsRead + logged.Arms.Count, ct: ct);
    }
}
