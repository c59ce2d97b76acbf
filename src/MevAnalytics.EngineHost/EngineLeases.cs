namespace MevAnalytics.EngineHost;

/// <summary>
/// The lease protocol that keeps a shared embedded engine alive: every process that uses the engine holds an
/// exclusively locked file in the engine's lease folder for as long as it needs it. The operating system drops the
/// lock when the holder exits or dies, so a lease that can be locked by someone else belongs to nobody. Leases are
/// taken and counted only under the data folder's start lock, so a process that is attaching is never missed.
/// </summary>
public static class EngineLeases
{
    /// <summary>File name suffix of a lease.</summary>
    public const string Suffix = ".lease";

    /// <summary>Takes a new lease in <paramref name="directory"/>; dispose the stream to give it back.</summary>
    public static FileStream Take(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}{Suffix}");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1,
            FileOptions.DeleteOnClose);
    }

    /// <summary>True when some process still holds a lease; leases left by dead processes are removed.</summary>
    public static bool AnyLive(string directory)
    {
        if (!Directory.Exists(directory)) return false;
        var live = false;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Suffix))
        {
            try
            {
                // Opening it exclusively succeeds only when its holder is gone.
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(path);
            }
            catch (FileNotFoundException) { }
            catch (IOException) { live = true; }
        }
        return live;
    }

    /// <summary>Takes the data folder's start lock if it is free; null when another process holds it.</summary>
    public static FileStream? TryLock(string path)
    {
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) { return null; }
    }
}
