namespace SipGateway.Media.Audio;

/// <summary>Why a media file could not be used.</summary>
public enum MediaFileError
{
    NotFound,
    NotRiff,
    Truncated,
    Unsupported,
}

/// <summary>A WAV file that cannot be played; the message names the file and the reason.</summary>
public sealed class MediaFileException : Exception
{
    public MediaFileException(string fileName, MediaFileError error, string detail, Exception? inner = null)
        : base($"{fileName}: {Describe(error)}: {detail}", inner)
    {
        FileName = fileName;
        Error = error;
    }

    public string FileName { get; }
    public MediaFileError Error { get; }

    private static string Describe(MediaFileError error) => error switch
    {
        MediaFileError.NotFound => "file not found",
        MediaFileError.NotRiff => "not a RIFF/WAVE file",
        MediaFileError.Truncated => "truncated WAV file",
        _ => "unsupported WAV format",
    };
}
