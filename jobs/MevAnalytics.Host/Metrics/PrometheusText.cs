using System.Globalization;
using System.Text;

namespace MevAnalytics.Host.Metrics;

/// <summary>Writes the Prometheus text exposition format (0.0.4): HELP/TYPE once per family, escaped label values.</summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _declared = [];

    /// <summary>Adds one sample; the family's HELP and TYPE are written before its first sample.</summary>
    public PrometheusText Sample(string name, string type, string help, double value, params (string Name, string Value)[] labels)
    {
        if (!double.IsFinite(value)) return this; // a missing value is better than NaN in a dashboard
        var family = type == "summary" && (name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal))
            ? name[..name.LastIndexOf('_')]
            : name;
        if (_declared.Add(family))
        {
            _text.Append("# HELP ").Append(family).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            _text.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
        }
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0) _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
