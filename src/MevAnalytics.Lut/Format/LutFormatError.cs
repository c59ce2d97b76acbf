namespace MevAnalytics.Lut;

/// <summary>Why a reader rejected a file.</summary>
public enum LutFormatError
{
    /// <summary>Shorter than the header, directory or a declared section.</summary>
    Truncated,
    /// <summary>Magic bytes are not "MEVLUT\0\0".</summary>
    BadMagic,
    /// <summary>Format version is not one this reader knows.</summary>
    UnsupportedVersion,
    /// <summary>A header field breaks a rule (header size, directory offset, section count, window).</summary>
    BadHeader,
    /// <summary>Header file_length differs from the actual size.</summary>
    LengthMismatch,
    /// <summary>XXH64 over bytes [16, end) differs from the stored checksum.</summary>
    ChecksumMismatch,
    /// <summary>Section offset not a multiple of 64, before the directory end, or sections overlap/unsorted.</summary>
    BadSectionPlacement,
    /// <summary>A section extends beyond the file.</summary>
    SectionOutOfRange,
    /// <summary>A known kind appears twice.</summary>
    DuplicateSection,
    /// <summary>A required section is missing.</summary>
    MissingSection,
    /// <summary>Element size or length does not match the kind.</summary>
    BadElementSize,
    /// <summary>String table index, bounds, UTF-8 or order is invalid.</summary>
    BadStringTable,
    /// <summary>A string ref is outside the string table.</summary>
    BadStringRef,
    /// <summary>Records are not strictly increasing by key.</summary>
    UnsortedKeys,
    /// <summary>A record field is out of its allowed range.</summary>
    BadRecord,
    /// <summary>Calibration parent links form a cycle.</summary>
    ParentCycle,
    /// <summary>The file is larger than a reader can map (2 GiB).</summary>
    TooLarge,
}
