using System.Text;
using MevAnalytics.Lut.Format;

namespace MevAnalytics.Lut;

/// <summary>Collects strings, then assigns ids in ordinal UTF-8 byte order (the order readers binary-search).</summary>
internal sealed class StringTableBuilder
{
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private Dictionary<string, uint>? _ids;
    private byte[][]? _sorted;

    public void Add(string value, string field)
    {
        if (_ids is not null) throw new InvalidOperationException("string table already built");
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length == 0) throw new ArgumentException($"{field} is empty", field);
        if (_utf8.ContainsKey(value)) return;
        byte[] bytes;
        try { bytes = new UTF8Encoding(false, true).GetBytes(value); }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"{field} '{value}' is not valid Unicode", field);
        }
        if (bytes.Length > LutFormat.MaxStringBytes)
            throw new ArgumentException(
                $"{field} is {bytes.Length} UTF-8 bytes; at most {LutFormat.MaxStringBytes} allowed", field);
        _utf8.Add(value, bytes);
    }

    public void Build()
    {
        var pairs = _utf8.ToArray();
        Array.Sort(pairs, (a, b) => a.Value.AsSpan().SequenceCompareTo(b.Value));
        _ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (int i = 0; i < pairs.Length; i++) _ids.Add(pairs[i].Key, (uint)i);
        _sorted = pairs.Select(p => p.Value).ToArray();
    }

    public uint Id(string value) => _ids![value];

    public uint IdOrNone(string? value) => value is null ? LutFormat.None : _ids![value];

    public int Count => _sorted!.Length;

    /// <summary>UTF-8 bytes of string <paramref name="id"/>.</summary>
    public byte[] Utf8(int id) => _sorted![id];

    /// <summary>Index entries followed by the string bytes, back to back.</summary>
    public byte[] Encode()
    {
        var sorted = _sorted!;
        int indexBytes = sorted.Length * LutRecordLayout.StringIndex.Size;
        var data = new byte[indexBytes + sorted.Sum(s => s.Length)];
        int at = indexBytes;
        for (int i = 0; i < sorted.Length; i++)
        {
            int entry = i * LutRecordLayout.StringIndex.Size;
            LutBytes.WriteU32(data, entry + LutRecordLayout.StringIndex.Start, (uint)at);
            LutBytes.WriteU32(data, entry + LutRecordLayout.StringIndex.Length, (uint)sorted[i].Length);
            sorted[i].CopyTo(data, at);
            at += sorted[i].Length;
        }
        return data;
    }
}
