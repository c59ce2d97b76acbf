using System.CommandLine;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Lut;

namespace MevAnalytics.Cli.Lut;

/// <summary>A .lut file given by path, or by <c>--table</c> (its <c>current</c> version, or <c>--version N</c>) under
/// <c>--root</c>.</summary>
public sealed class LutSource
{
    /// <summary>Path of a .lut file.</summary>
    public Argument<string?> File { get; } = new("file")
    {
        Description = "Path of a .lut file (or use --table)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Published table name.</summary>
    public Option<string> Table { get; } = new("--table")
    {
        Description = "Published table name (e.g. calibration): opens its current version",
    };

    /// <summary>A published version instead of current.</summary>
    public Option<int?> Version { get; } = new("--version")
    {
        Description = "With --table: this published version instead of current",
    };

    /// <summary>The LUT root.</summary>
    public Option<string?> Root { get; } = RootOption();

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Table);
        command.Options.Add(Version);
        command.Options.Add(Root);
    }

    /// <summary>The path of the file the command names.</summary>
    public string Resolve(ParseResult parse)
    {
        string? file = parse.GetValue(File), table = parse.GetValue(Table);
        if (file is not null && table is not null) throw new ArgumentException("give a file or --table, not both");
        if (file is not null) return file;
        if (table is null) throw new ArgumentException("give a .lut file or --table NAME");
        return VersionPath(RootOf(parse, Root), table, parse.GetValue(Version));
    }

    /// <summary>The <c>--root</c> option: one folder per table.</summary>
    public static Option<string?> RootOption() => new("--root")
    {
        Description = "LUT root holding one folder per table (default: {Artifacts:Root}/luts from configuration)",
    };

    /// <summary>The root <paramref name="option"/> gives, else the configured one.</summary>
    public static string RootOf(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) ?? JobSettings.Bind(MevConfiguration.Build()).Artifacts.LutRoot;

    /// <summary>Path of a published version (current when <paramref name="version"/> is null).</summary>
    public static string VersionPath(string root, string table, int? version)
    {
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = root });
        if (version is { } v)
            return publisher.Versions(table).FirstOrDefault(p => p.Version == v)?.FilePath
                   ?? throw new ArgumentException($"table '{table}' has no version {v} under '{root}'");
        return publisher.Current(table)?.FilePath
               ?? throw new ArgumentException($"table '{table}' has no current version under '{root}'");
    }
}
