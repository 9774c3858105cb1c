namespace Plover.Sandbox.Guest;

/// <summary>
/// A bounded, write-only stream for a guest's stdout or stderr (<see cref="Wasi.WasiConfiguration.Stdout"/>):
/// it keeps the most recent <see cref="CapacityBytes"/> bytes written and counts every byte, so a
/// chatty guest cannot make its host hold unbounded output. Not thread-safe, like the machine.
/// </summary>
public sealed class CapturedOutput(int capacityBytes) : Stream
{
    private readonly byte[] _ring = capacityBytes > 0 ? new byte[capacityBytes] : throw new ArgumentOutOfRangeException(nameof(capacityBytes));
    private int _start;
    private int _count;

    public int CapacityBytes => _ring.Length;

    /// <summary>Every byte written since creation (or the last <see cref="Take"/>), kept or not.</summary>
    public long TotalBytesWritten { get; private set; }

    /// <summary>Bytes written but no longer kept: the oldest ones, dropped for newer ones.</summary>
    public long DroppedBytes => TotalBytesWritten - _count;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        TotalBytesWritten += buffer.Length;
        if (buffer.Length >= _ring.Length)
        {
            buffer[^_ring.Length..].CopyTo(_ring);
            _start = 0;
            _count = _ring.Length;
            return;
        }
        int end = (_start + _count) % _ring.Length;
        int first = Math.Min(buffer.Length, _ring.Length - end);
        buffer[..first].CopyTo(_ring.AsSpan(end));
        buffer[first..].CopyTo(_ring);
        int overflow = Math.Max(0, _count + buffer.Length - _ring.Length);
        _start = (_start + overflow) % _ring.Length;
        _count += buffer.Length - overflow;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>The kept bytes, oldest first.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[_count];
        int first = Math.Min(_count, _ring.Length - _start);
        _ring.AsSpan(_start, first).CopyTo(bytes);
        _ring.AsSpan(0, _count - first).CopyTo(bytes.AsSpan(first));
        return bytes;
    }

    /// <summary>The kept bytes, oldest first, and an empty capture afterwards (counts start again).</summary>
    public byte[] Take()
    {
        byte[] bytes = ToArray();
        _start = _count = 0;
        TotalBytesWritten = 0;
        return bytes;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
