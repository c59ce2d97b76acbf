using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Platt;

/// <summary>
/// Platt scaling: a two-parameter logistic curve fitted by maximum likelihood, for segments too small for isotonic
/// regression (which needs many rows per step). Targets are Platt's smoothed labels, as scikit-learn's sigmoid
/// calibration uses: a positive counts as (N+ + 1) / (N+ + 2), a negative as 1 / (N- + 2), where N+ and N- are the
/// weighted positive and negative mass; a label in (0, 1) (a push-down bucket's mean) mixes the two. The fit is
/// Newton's method with a backtracking line search (Lin, Lin and Weng, 2007), deterministic and to machine precision.
/// </summary>
public static class PlattScaling
{
    /// <summary>Scores are clamped to [eps, 1 - eps] before taking log-odds, so 0 and 1 stay finite.</summary>
    public const double ScoreEpsilon = 1e-6;

    private const int MaxIterations = 100;

    /// <summary>log(p / (1 - p)) of the clamped score.</summary>
    public static double LogOdds(double score)
    {
        double p = Math.Clamp(score, ScoreEpsilon, 1 - ScoreEpsilon);
        return Math.Log(p / (1 - p));
    }

    /// <summary>1 / (1 + exp(-z)), without overflow.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>
    /// Fits p(score) = sigmoid(a logit(score) + b). Labels in [0, 1], weights non-negative (empty: all ones).
    /// A negative slope (scores anti-correlated with outcomes) is not a calibration: the slope is then held at 0 and
    /// the curve is the smoothed base rate.
    /// </summary>
    public static PlattModel Fit(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels,
        ReadOnlySpan<double> weights = default)
    {
        CalibrationInputValidator.RequireNonEmpty("x", scores.Length);
        CalibrationInputValidator.RequireSameLength("y", labels.Length, "x", scores.Length);
        CalibrationInputValidator.RequireFinite("x", scores);
        CalibrationInputValidator.RequireFinite("y", labels);
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] > 1)
                throw new ArgumentException(
                    $"Column 'y' must hold labels in [0, 1] for Platt scaling; row {i} has {labels[i]}.", "y");
        bool weighted = !weights.IsEmpty;
        if (weighted)
        {
            CalibrationInputValidator.RequireSameLength("weight", weights.Length, "x", scores.Length);
            CalibrationInputValidator.RequireValidWeights("weight", weights);
        }

        int n = scores.Length;
        double positive = 0, negative = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weighted ? weights[i] : 1.0;
            positive += w * labels[i];
            negative += w * (1 - labels[i]);
        }
        if (!(positive + negative > 0))
            throw new ArgumentException("Column 'weight' is zero on every row: nothing to fit.", "weight");
        double hiTarget = (positive + 1) / (positive + 2), loTarget = 1 / (negative + 2);
        var f = new double[n];
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            f[i] = LogOdds(scores[i]);
            t[i] = labels[i] * hiTarget + (1 - labels[i]) * loTarget;
        }

        var (a, b) = Newton(f, t, weights, Math.Log((positive + 1) / (negative + 1)), fitSlope: true);
        if (a < 0) (a, b) = Newton(f, t, weights, Math.Log((positive + 1) / (negative + 1)), fitSlope: false);
        return new PlattModel(a, b);
    }

    /// <summary>Minimises the cross-entropy -sum w (t log p + (1 - t) log(1 - p)) over (a, b), or b alone.</summary>
    private static (double A, double B) Newton(double[] f, double[] t, ReadOnlySpan<double> weights, double b0,
        bool fitSlope)
    {
        double a = 0, b = b0;
        double loss = Loss(f, t, weights, a, b);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < f.Length; i++)
            {
                double w = weights.IsEmpty ? 1.0 : weights[i];
                if (w == 0) continue;
                double p = Sigmoid(a * f[i] + b);
                double d = w * (p - t[i]);
                double h = w * p * (1 - p);
                ga += d * f[i]; gb += d;
                haa += h * f[i] * f[i]; hab += h * f[i]; hbb += h;
            }
            if (!fitSlope) { ga = 0; haa = 1; hab = 0; }
            // A small ridge keeps the step finite when the data barely determine a direction.
            haa += 1e-12; hbb += 1e-12;
            double det = haa * hbb - hab * hab;
            double da = -(hbb * ga - hab * gb) / det;
            double db = -(haa * gb - hab * ga) / det;
            double decrease = ga * da + gb * db;
            if (Math.Abs(decrease) < 1e-14 * Math.Max(1, Math.Abs(loss))) break;
            double step = 1;
            double next = Loss(f, t, weights, a + step * da, b + step * db);
            while (next > loss + 1e-4 * step * decrease && step > 1e-10)
            {
                step /= 2;
                next = Loss(f, t, weights, a + step * da, b + step * db);
            }
            if (!(next <= loss)) break;
            a += step * da;
            b += step * db;
            loss = next;
        }
        return (a, b);
    }

    private static double Loss(double[] f, double[] t, ReadOnlySpan<double> weights, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            if (w == 0) continue;
            double z = a * f[i] + b;
            // -(t log p + (1 - t) log(1 - p)) = log(1 + exp(z)) - t z, computed stably.
            double softplus = z > 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z));
            sum += w * (softplus - t[i] * z);
        }
        return sum;
    }
}
