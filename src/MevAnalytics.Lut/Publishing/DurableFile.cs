using System.Runtime.InteropServices;

namespace MevAnalytics.Lut;

/// <summary>Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it, fsync the folder.
/// A failed write (a full disk) leaves neither the temp file nor a partial target behind.</summary>
public static partial class DurableFile
{
    public const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="bytes"/> durably; on any failure the temporary file is removed and the target is
    /// untouched. <paramref name="renamed"/> runs right after the rename, before the folder is synced.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite, Action? beforeRename,
        Action? renamed = null)
    {
        string temp = path + TempSuffix;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            beforeRename?.Invoke();
            File.Move(temp, path, overwrite); // rename(2): atomic within one folder
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        renamed?.Invoke();
        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Like <see cref="Write"/>, with the content written by <paramref name="write"/>.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        string temp = path + TempSuffix;
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await write(stream, ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: false);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
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
