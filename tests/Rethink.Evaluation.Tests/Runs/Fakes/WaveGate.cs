namespace Rethink.Evaluation.Tests.Runs.Fakes;

/// <summary>
/// Holds model calls in waves to measure how many the runner lets run at once. The first wave is held until
/// <c>bound</c> calls are in and then for an observation window more, so that a runner ignoring its bound has time to
/// start extra calls (which the counter then sees); a correct runner passes whatever the timing, the window only gives a
/// broken one the chance to show itself. Later waves are released as soon as <c>bound</c> calls are in (or every
/// expected call has arrived, so the tail never waits). Thread-safe.
/// </summary>
public sealed class WaveGate(int bound, int expectedCalls, TimeSpan firstWaveWindow)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _wave = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;
    private int _entered;
    private bool _firstWaveTimerStarted;

    public int MaxInFlight
    {
        get
        {
            lock (_lock)
            {
                return _maxInFlight;
            }
        }
    }

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            _inFlight++;
            _entered++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            if (_entered == expectedCalls)
            {
                wait = ReleaseLocked();
            }
            else if (_inFlight >= bound && !_firstWaveTimerStarted)
            {
                _firstWaveTimerStarted = true;
                wait = _wave.Task;
                _ = ReleaseAfterAsync(firstWaveWindow);
            }
            else if (_inFlight >= bound && _entered > bound)
            {
                wait = ReleaseLocked();
            }
            else
            {
                wait = _wave.Task;
            }
        }

        try
        {
            await wait.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    private async Task ReleaseAfterAsync(TimeSpan window)
    {
        await Task.Delay(window);
        lock (_lock)
        {
            ReleaseLocked();
        }
    }

    private Task ReleaseLocked()
    {
        _wave.TrySetResult();
        _wave = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }
}
