using System.Security.Cryptography;
using System.Text;

namespace MevAnalytics.Data.Schema;

/// <summary>One numbered schema change: idempotent statements applied in order and recorded once applied.</summary>
public sealed record Migration(int Version, string Name, IReadOnlyList<string> Statements)
{
    /// <summary>SHA-256 of the statements; a recorded migration whose text changed later is refused.</summary>
    public string Checksum =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";\n", Statements))));
}
