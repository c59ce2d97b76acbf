using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Sources;
using MevAnalytics.Fitting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>
/// Job <c>bandit</c>: 5-minute arm rollups -&gt; decayed arms -&gt; empirical-Bayes Beta posteriors, EV and the
/// EV-best tip arm per route -&gt; off-policy evaluation of the Thompson policy from per-action sums of the recent
/// logged decisions (aggregated in ClickHouse, delta-method intervals) -&gt; gate -&gt; LUT table <c>bandit</c>.
/// </summary>
public sealed class BanditJob : LutJob<BanditJobOptions, BanditInput, BanditSummary>
{
    /// <summary>LUT table name.</summary>
    public const string TableName = "bandit";

    /// <inheritdoc/>
    public override string Name => "bandit";

    /// <inheritdoc/>
    public override string Description => "Route x tip-arm Beta posteriors, EV-best arm per route, off-policy check " +
                                          "of the Thompson policy (from 5-minute rollups).";

    /// <inheritdoc/>
    public override string Table => TableName;

    /// <inheritdoc/>
    public override LutTableKind Kind => LutTableKind.Bandit;

    /// <inheritdoc/>
    public override JsonTypeInfo<SummaryDocument<BanditSummary>> SummaryType =>
        SummaryJsonContext.Default.SummaryDocumentBanditSummary;

    /// <inheritdoc/>
    public override TimeSpan WindowOf(BanditJobOptions options) => options.Window;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Needs(BanditJobOptions options) => options.Model.GroupByLeader
        ? ["Route", "TipArm", "TipLamports", "Payoff", "LeaderGroup"]
        : ["Route", "TipArm", "TipLamports", "Payoff"];

    /// <inheritdoc/>
    public override async Task<BanditInput> ReadAsync(JobContext context, BanditJobOptions options,
        QueryWindow window, CancellationToken ct)
    {
        var model = options.Model;
        var slice = QueryWindow.Ending(context.UtcNow, options.OpeSlice);
        var sources = context.Store?.Sources;
        string? noOffPolicy = sources is null || sources.Has(SourceKind.Landing, "Propensity") ? null
            : $"the landing source {sources.Landing.Table} maps no propensity " +
              $"({SourcesOptions.SectionName}:Landing:Columns:Propensity): logged decisions cannot be reweighted";
        var logged = noOffPolicy is null
            ? await BanditQueries.DecisionSumsAsync(context.Db, slice, model.GroupByLeader, ct)
            : null;
        BanditInput input;
        if (options.DecayInDatabase)
        {
            var (sums, sends) = await BanditQueries.ArmWeightedSumsAsync(context.Db, window, model.HalfLife,
                model.GroupByLeader, ct);
            input = new BanditInput(window, sums, null, sends, slice, logged, noOffPolicy);
        }
        else
        {
            var rollup = await BanditQueries.ArmRollupAsync(context.Db, window, model.GroupByLeader, ct);
            input = new BanditInput(window, null, rollup, rollup.Sum(r => r.Pulls), slice, logged, noOffPolicy);
        }
        context.Log($"bandit: {input.EvidenceRows:N0} rollup rows read ({window.From:u} .. {window.To:u}), decay in " +
                    $"{(options.DecayInDatabase ? "ClickHouse" : "the job")}; " +
                    $"{logged?.Arms.Count ?? 0:N0} action sums read for off-policy evaluation");
        return input;
    }

    /// <inheritdoc/>
    public override LutCandidate<BanditSummary> Fit(BanditInput input, BanditJobOptions options, LutStamp stamp)
    {
        var model = options.Model;
        var decay = input.Decay(model);
        var (arms, routes) = BanditFit.FromDecayed(decay.Arms, model);
        var ope = Evaluate(input, arms, model);
        var gate = PolicyGate.Evaluate(ope, model, options.GateEstimator);
        var content = new LutContent(stamp.Header(input.Sends)) { Arms = BanditArmMapping.ToLut(arms, decay.Arms) };
        var summary = BanditSummary.Create(input.Window, input.Slice, arms, routes, decay.Skipped, ope, gate, options);
        // Left-out rows are said where the operator looks (the console, the Hangfire log), not only in the summary.
        var note = $"OPE on {ope.Decisions:N0} decisions: " +
                   (ope.Evaluated ? gate.Reason : "skipped: " + ope.SkipReason) +
                   (decay.Skipped.Total > 0 ? $"; rollup rows left out: {decay.Skipped}" : "") +
                   (ope.Skipped.Total > 0 ? $"; logged decisions left out: {ope.Skipped}" : "");
        var candidate = LutCandidate<BanditSummary>.Of(content, input.RowsRead, summary,
            Metrics(input, content, routes.Count, decay.Skipped, ope),
            LutGateChecks.Standard(options.MinSends, new PolicyGateCheck(gate)));
        return candidate with { Note = note };
    }

    /// <summary>The Thompson policy of <paramref name="arms"/> evaluated off-policy on the logged decisions, or the
    /// reason it cannot be.</summary>
    private static OffPolicyResult Evaluate(BanditInput input, IReadOnlyList<ArmEstimate> arms, BanditOptions model)
    {
        if (input.Logged is not { } logged) return Skipped(input.NoOffPolicy!, 0);
        var target = ThompsonPolicy.Probabilities(arms, model.MonteCarloDraws, model.Seed);
        return target.Count == 0
            ? Skipped("no arm with pulls: there is no target policy to evaluate", checked((int)logged.Decisions))
            : AggregateOffPolicyEvaluator.Evaluate(logged, target, RewardModel.FromArms(arms), model);
    }

    private static OffPolicyResult Skipped(string reason, int decisions) =>
        new(false, reason, decisions, 0, 0, 0, null, null, new SkipTally());

    private static Dictionary<string, double> Metrics(BanditInput input, LutContent content, int routes,
        SkipTally skipped, OffPolicyResult ope)
    {
        var metrics = new Dictionary<string, double>
        {
            [BanditMetricNames.Arms] = content.Arms.Count,
            [BanditMetricNames.Routes] = routes,
            [BanditMetricNames.RollupRows] = input.EvidenceRows,
            [BanditMetricNames.RollupRowsSkipped] = skipped.Total,
            [BanditMetricNames.Sends] = input.Sends,
            [BanditMetricNames.OpeDecisions] = input.Logged?.Decisions ?? 0,
            [BanditMetricNames.OpeActionRows] = input.Logged?.Arms.Count ?? 0,
            [BanditMetricNames.OpeEvaluated] = ope.Evaluated ? 1 : 0,
        };
        if (ope.ExpectedValue is not { } ev) return metrics;
        metrics[BanditMetricNames.OpeEvLogging] = ev.Logging.Estimate;
        metrics[BanditMetricNames.OpeEvIps] = ev.Ips.Estimate;
        metrics[BanditMetricNames.OpeEvSnips] = ev.Snips.Estimate;
        metrics[BanditMetricNames.OpeEvDoublyRobust] = ev.DoublyRobust.Estimate;
        metrics[BanditMetricNames.OpeEffectiveSampleSize] = ope.EffectiveSampleSize;
        return metrics;
    }
}
