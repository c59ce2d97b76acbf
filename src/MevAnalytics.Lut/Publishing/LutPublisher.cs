using System.Security.Cryptography;
using System.Text.Json;

namespace MevAnalytics.Lut;

/// <summary>
/// Publishes LUT versions under <see cref="LutPublisherOptions.ArtifactRoot"/>/&lt;table&gt;/ (layout in
/// docs/lut-format.md section 13): gate checks, then temp file + fsync + rename, manifest, the <c>current</c>
/// pointer last, then pruning. A crash at any step leaves the previous <c>current</c> valid. One publisher per
/// table at a time (an exclusive lock file enforces it).
/// </summary>
public sealed class LutPublisher
{
    internal static readonly JsonSerializerOptions Json =
        new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly LutPublisherOptions _options;
    private readonly LutArtifactPaths _paths;
    private readonly Action<LutPublishStage>? _faultInjection;

    /// <summary>Creates a publisher; <paramref name="faultInjection"/> runs at each stage
    /// (tests throw there to simulate a crash).</summary>
    public LutPublisher(LutPublisherOptions options, Action<LutPublishStage>? faultInjection = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _paths = new LutArtifactPaths(options.ArtifactRoot);
        _faultInjection = faultInjection;
    }

    /// <summary>
    /// Validates and gate-checks <paramref name="bytes"/>; if every check passes, writes the table and its
    /// <paramref name="companions"/>, then the manifest, then moves <c>current</c>. Publishing is one decision: when
    /// this throws (a full disk, a failed write), every file of the new version is removed and <c>current</c> still
    /// names the previous version; when it returns published, the version and all its companions are whole on disk.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string table, byte[] bytes, LutPublishMetadata metadata,
        IReadOnlyList<ILutGateCheck> checks, IReadOnlyList<LutCompanion> companions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(companions);
        foreach (var (name, value) in metadata.Metrics)
            if (!double.IsFinite(value))
                throw new ArgumentException($"metric '{name}' is {value}; manifest metrics must be finite",
                    nameof(metadata));
        string directory = _paths.TableDirectory(table);

        LutFile candidate;
        try { candidate = LutFile.FromBytes(bytes); }
        catch (LutFormatException e) { return Rejected(new LutCheckFailure("format", e.Message)); }

        Directory.CreateDirectory(directory);
        using var publishLock = AcquireLock(directory);
        using (var current = OpenCurrent(table))
        {
            var failures = new List<LutCheckFailure>();
            foreach (var check in checks)
            {
                LutCheckResult result;
                try { result = check.Check(candidate, current); }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    result = LutCheckResult.Fail($"check threw {e.GetType().Name}: {e.Message}");
                }
                if (!result.Passed) failures.Add(new LutCheckFailure(check.Name, result.Reason));
            }
            if (failures.Count > 0) return Rejected([.. failures]);
        }

        DeleteLeftovers(table, directory);
        // Next after every version file on disk, including one left without a manifest by a crash.
        int version = 1;
        foreach (var f in Directory.EnumerateFiles(directory, "*.lut"))
            version = Math.Max(version, (LutArtifactPaths.ParseVersion(table, Path.GetFileName(f)) ?? 0) + 1);
        string fileName = LutArtifactPaths.LutFileName(table, version);
        string filePath = _paths.Inside(Path.Combine(directory, fileName));

        bool currentMoved = false;
        try
        {
            DurableFile.Write(filePath, bytes, overwrite: false, () => Stage(LutPublishStage.TableTempWritten));
            Stage(LutPublishStage.TableRenamed);
            var companionNames = new List<string>();
            foreach (var companion in companions)
            {
                string name = LutArtifactPaths.CompanionFileName(table, version, companion.Suffix);
                await DurableFile.WriteAsync(_paths.Inside(Path.Combine(directory, name)),
                    (stream, token) => companion.WriteAsync(stream, version, token), ct);
                companionNames.Add(name);
            }
            Stage(LutPublishStage.CompanionsWritten);

            var h = candidate.Header;
            var manifest = new LutManifest(table, version, fileName, Convert.ToHexStringLower(SHA256.HashData(bytes)),
                bytes.Length, h.CreatedAtUnixMs, h.WindowFromUnixMs, h.WindowToUnixMs, h.RowsUsed, h.ProducerJob,
                h.GitRevision, metadata.Producer,
                new SortedDictionary<string, double>(metadata.Metrics.ToDictionary(), StringComparer.Ordinal))
            {
                Companions = companionNames,
                RunId = metadata.RunId,
            };
            DurableFile.Write(Path.Combine(directory, LutArtifactPaths.ManifestFileName(table, version)),
                JsonSerializer.SerializeToUtf8Bytes(manifest, Json), overwrite: true, beforeRename: null);
            Stage(LutPublishStage.ManifestWritten);

            SetCurrent(directory, fileName, () => currentMoved = true);
        }
        catch when (!currentMoved)
        {
            DeleteVersion(table, directory, version);
            throw;
        }
        Stage(LutPublishStage.CurrentUpdated);
        Prune(table, directory, version);
        return new PublishResult(true, version, filePath, []);
    }

    /// <summary>Makes an existing version current again after checking its bytes and manifest.</summary>
    /// <exception cref="FileNotFoundException">The version does not exist.</exception>
    /// <exception cref="InvalidDataException">The version's file does not match its manifest.</exception>
    /// <exception cref="LutFormatException">The version's file is not a valid LUT.</exception>
    public PublishedLut Rollback(string table, int version)
    {
        string directory = _paths.TableDirectory(table);
        if (!Directory.Exists(directory))
            throw new FileNotFoundException($"table '{table}' has no published versions", directory);
        using var publishLock = AcquireLock(directory);
        var target = Versions(table).FirstOrDefault(v => v.Version == version)
            ?? throw new FileNotFoundException($"table '{table}' has no version {version}",
                LutArtifactPaths.LutFileName(table, version));
        string sha;
        using (var file = LutFile.Open(target.FilePath)) sha = Convert.ToHexStringLower(SHA256.HashData(file.Span));
        if (sha != target.Manifest.Sha256)
            throw new InvalidDataException(
                $"{target.FilePath}: sha256 {sha} differs from its manifest {target.Manifest.Sha256}");
        SetCurrent(directory, target.Manifest.FileName);
        return target;
    }

    /// <summary>The current version of a table, or null if none is published.</summary>
    public PublishedLut? Current(string table)
    {
        string directory = _paths.TableDirectory(table);
        string pointer = Path.Combine(directory, LutArtifactPaths.CurrentFileName);
        if (!File.Exists(pointer) && new FileInfo(pointer).LinkTarget is null) return null;
        // Never echo the pointer's content: whatever was planted there (a link to a secret) must not leak.
        string fileName = ArtifactFile.ReadAllText(pointer, ArtifactFile.MaxPointerBytes).Trim();
        int version = LutArtifactPaths.ParseVersion(table, fileName)
            ?? throw new InvalidDataException($"{pointer} does not hold a version file name of table '{table}' " +
                                              $"({table}-NNNNNN.lut)");
        return Versions(table).FirstOrDefault(v => v.Version == version)
            ?? throw new InvalidDataException($"{pointer}: points to '{fileName}', which has no file or manifest");
    }

    /// <summary>Opens the current version for reading (jobs compare against it),
    /// or null if none is published.</summary>
    public LutFile? OpenCurrent(string table) => Current(table) is { } current ? LutFile.Open(current.FilePath) : null;

    /// <summary>Versions that have both a file and a manifest, oldest first.</summary>
    public IReadOnlyList<PublishedLut> Versions(string table)
    {
        string directory = _paths.TableDirectory(table);
        if (!Directory.Exists(directory)) return [];
        var result = new List<PublishedLut>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.lut"))
        {
            if (LutArtifactPaths.ParseVersion(table, Path.GetFileName(path)) is not { } version) continue;
            string manifestPath = Path.Combine(directory, LutArtifactPaths.ManifestFileName(table, version));
            if (!File.Exists(manifestPath)) continue; // crashed before the manifest: never current
            var manifest = JsonSerializer.Deserialize<LutManifest>(
                    ArtifactFile.ReadAllBytes(manifestPath, ArtifactFile.MaxJsonBytes), Json)
                ?? throw new InvalidDataException($"{manifestPath} is empty");
            result.Add(new PublishedLut(table, version, _paths.Inside(path), manifest));
        }
        return [.. result.OrderBy(v => v.Version)];
    }

    private void SetCurrent(string directory, string fileName, Action? renamed = null) =>
        DurableFile.Write(Path.Combine(directory, LutArtifactPaths.CurrentFileName),
            System.Text.Encoding.UTF8.GetBytes(fileName + "\n"), overwrite: true,
            () => Stage(LutPublishStage.CurrentTempWritten), renamed);

    /// <summary>Keeps the newest <see cref="LutPublisherOptions.Keep"/> versions (and always the current one); every
    /// file of a pruned version goes with it.</summary>
    private void Prune(string table, string directory, int justPublished)
    {
        string? current = CurrentFileName(directory);
        var versions = Directory.EnumerateFiles(directory, "*.lut")
            .Select(p => LutArtifactPaths.ParseVersion(table, Path.GetFileName(p)))
            .OfType<int>().OrderByDescending(v => v).ToList();
        foreach (int v in versions.Skip(_options.Keep))
        {
            if (v == justPublished || LutArtifactPaths.LutFileName(table, v) == current) continue;
            DeleteVersion(table, directory, v);
        }
    }

    /// <summary>Removes every file of <paramref name="version"/>: table, manifest (last: while it exists the version
    /// is whole), companions and temporary files.</summary>
    private static void DeleteVersion(string table, string directory, int version)
    {
        string prefix = LutArtifactPaths.VersionPrefix(table, version);
        string manifest = LutArtifactPaths.ManifestFileName(table, version);
        foreach (var path in Directory.EnumerateFiles(directory, prefix + "*"))
            if (Path.GetFileName(path) != manifest) File.Delete(path);
        File.Delete(Path.Combine(directory, manifest));
    }

    /// <summary>Temporary files and versions without a manifest (left by a crash): never current, removed.</summary>
    private static void DeleteLeftovers(string table, string directory)
    {
        foreach (var temp in Directory.EnumerateFiles(directory, "*" + DurableFile.TempSuffix)) File.Delete(temp);
        string? current = CurrentFileName(directory);
        foreach (var path in Directory.EnumerateFiles(directory, "*.lut"))
        {
            if (LutArtifactPaths.ParseVersion(table, Path.GetFileName(path)) is not { } v) continue;
            if (File.Exists(Path.Combine(directory, LutArtifactPaths.ManifestFileName(table, v)))) continue;
            if (LutArtifactPaths.LutFileName(table, v) == current) continue;
            DeleteVersion(table, directory, v);
        }
    }

    private static string? CurrentFileName(string directory)
    {
        string pointer = Path.Combine(directory, LutArtifactPaths.CurrentFileName);
        if (!File.Exists(pointer) && new FileInfo(pointer).LinkTarget is null) return null;
        return ArtifactFile.ReadAllText(pointer, ArtifactFile.MaxPointerBytes).Trim();
    }

    // Beside the table's folder, not in it: the folder holds the versions' files and nothing else.
    private static FileStream AcquireLock(string directory) =>
        new(Path.Combine(Path.GetDirectoryName(directory)!, $".{Path.GetFileName(directory)}.publish.lock"),
            FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    private void Stage(LutPublishStage stage) => _faultInjection?.Invoke(stage);

    private static PublishResult Rejected(params LutCheckFailure[] failures) => new(false, null, null, failures);
}
