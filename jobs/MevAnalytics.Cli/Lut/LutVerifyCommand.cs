using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut verify</c>: exit 0 when the file is a valid LUT, else 1 with the reason.</summary>
public static class LutVerifyCommand
{
    public static Command Create()
    {
        var source = new LutSource();
        var cmd = new Command("verify", "Exit 0 if the file is a valid LUT, else 1 with the reason");
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            output.WriteLine($"ok: {lut.Path} ({lut.Length} bytes, xxh64 {lut.Reader.Checksum:X16})");
            return 0;
        }));
        return cmd;
    }
}
