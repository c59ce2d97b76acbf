using System.Runtime.InteropServices;

namespace MevAnalytics.Lut;

/// <summary>Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it, fsync the folder.</summary>
internal static partial class DurableFile
{
    public const string TempSuffix = ".tmp";

    public static void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite, Action? beforeRename)
    {
        string temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        beforeRename?.Invoke();
        File.Move(temp, path, overwrite); // rename(2): atomic within one folder
        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Makes the rename itself durable across power loss (best effort, Linux only).</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return;
        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
