using System.Runtime.CompilerServices;

namespace PatientIndex.Storage.Internal;

/// <summary>
/// A job's upload cut into the parts <c>extract_job_uploads</c> keeps: one buffer of
/// <see cref="Size"/> reused throughout, so a 200 MB upload costs one part of memory.
/// </summary>
internal static class UploadParts
{
    public const int Size = 1 << 20;

    /// <summary>The upload's parts in order; each array is only valid until the next is asked for.</summary>
    public static async IAsyncEnumerable<byte[]> ReadAsync(Stream upload, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[Size];
        while (true)
        {
            var read = await upload.ReadAtLeastAsync(buffer, Size, throwOnEndOfStream: false, cancellationToken);
            if (read == 0) yield break;
            yield return read == Size ? buffer : buffer[..read];
            if (read < Size) yield break;
        }
    }
}
