namespace MevAnalytics.Lut;

/// <summary>Where published tables live and how many versions to keep.</summary>
public sealed class LutPublisherOptions
{
    /// <summary>Folder holding one subfolder per table. Required; no default.</summary>
    public string ArtifactRoot { get; set; } = "";

    /// <summary>Versions kept per table after a publish (the current one is always kept).
    /// Default 10, at least 1.</summary>
    public int Keep { get; set; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ArtifactRoot))
            throw new ArgumentException("LutPublisherOptions.ArtifactRoot is required", nameof(ArtifactRoot));
        if (Keep < 1)
            throw new ArgumentException($"LutPublisherOptions.Keep is {Keep}; at least 1 version must be kept",
                nameof(Keep));
    }
}
