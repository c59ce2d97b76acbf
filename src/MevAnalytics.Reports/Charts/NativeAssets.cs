using System.Reflection;
using System.Runtime.InteropServices;

namespace MevAnalytics.Reports.Charts;

/// <summary>
/// Finds SkiaSharp's native library beside the managed assembly (<c>runtimes/{rid}/native/</c>) when the host does
/// not: notebooks load our assemblies from the build folder without its deps.json, so the usual probing misses it.
/// </summary>
internal static class NativeAssets
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var skia = typeof(SkiaSharp.SKCanvas).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(skia, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone else already resolves SkiaSharp's imports; theirs wins.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (NativeLibrary.TryLoad(name, assembly, path, out var handle)) return handle;
        var dir = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(dir)) return IntPtr.Zero;
        var file = Path.Combine(dir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native",
            name.EndsWith(".so", StringComparison.Ordinal) ? name : name + ".so");
        if (!File.Exists(file)) file = Path.Combine(dir, "runtimes", "linux-x64", "native", Path.GetFileName(file));
        return File.Exists(file) && NativeLibrary.TryLoad(file, out handle) ? handle : IntPtr.Zero;
    }
}
