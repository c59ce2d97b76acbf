using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MevAnalytics.Lut;

/// <summary>
/// Reads of files in the artifacts folder, which another local user may have replaced by a link, a FIFO, a device
/// or a huge file. A file is opened without following a final symbolic link (the publisher writes none) and without
/// blocking (a FIFO opens at once instead of waiting for a writer), must then be a regular, seekable, non-empty file
/// of at most the caller's size, and is read up to the size it had when opened, so no read waits, grows without
/// bound or leaves the root through a link. Errors name the path and the rule broken, never the file's content.
/// </summary>
public static partial class ArtifactFile
{
    /// <summary>Largest <c>current</c> pointer: it holds one version file name.</summary>
    public const int MaxPointerBytes = 256;

    /// <summary>Largest JSON companion (manifest, summary) read back.</summary>
    public const long MaxJsonBytes = 256L << 20;

    /// <summary>Opens <paramref name="path"/> for reading after the checks above; the stream's length is fixed.
    /// <paramref name="followLinks"/> is for a file the user names (an input), which may be a link; the other
    /// checks hold.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A link, not a regular file, empty, or over
    /// <paramref name="maxBytes"/>.</exception>
    public static FileStream Open(string path, long maxBytes, bool followLinks = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw Refused(path, "is a directory, not a file");
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
            throw Refused(path, "is a symbolic link; the publisher writes none");
        if (!info.Exists) throw new FileNotFoundException($"{path} does not exist", path);
        var stream = new FileStream(OpenHandle(path, followLinks), FileAccess.Read, bufferSize: 0);
        try
        {
            // A FIFO or socket cannot seek; a character device (/dev/zero) and procfs report no length.
            if (!stream.CanSeek) throw Refused(path, "is not a regular file (a FIFO, socket or device)");
            long length = stream.Length;
            if (length == 0) throw Refused(path, "is empty or not a regular file (a device or pseudo-file)");
            if (length > maxBytes) throw Refused(path, $"is {length} bytes; at most {maxBytes} are read");
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of <paramref name="path"/> (see <see cref="Open"/>).</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = Open(path, maxBytes);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The UTF-8 text of <paramref name="path"/> (see <see cref="Open"/>); invalid UTF-8 is refused.</summary>
    public static string ReadAllText(string path, long maxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(path, "is not UTF-8 text");
        }
    }

    private static InvalidDataException Refused(string path, string rule) => new($"{path} {rule}");

    private static SafeFileHandle OpenHandle(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux())
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        int noFollow = followLinks ? 0
            : RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
        const int readOnly = 0, nonBlocking = 0x800, closeOnExec = 0x80000;
        int fd = OpenNative(path, readOnly | nonBlocking | closeOnExec | noFollow);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        int errno = Marshal.GetLastPInvokeError();
        throw errno switch
        {
            2 => new FileNotFoundException($"{path} does not exist", path),
            13 => new UnauthorizedAccessException($"{path} cannot be read (permission denied)"),
            40 => Refused(path, "is a symbolic link; the publisher writes none"),
            6 => Refused(path, "is not a regular file (a socket or device)"),
            _ => new IOException($"{path} cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}"),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);
}
