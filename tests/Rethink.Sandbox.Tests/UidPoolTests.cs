namespace Rethink.Sandbox.Tests;

public sealed class UidPoolTests
{
    [Fact]
    public async Task Two_pools_on_one_lock_directory_never_hand_out_the_same_uid_at_once()
    {
        var locks = Directory.CreateTempSubdirectory("rethink-uidpool-");
        try
        {
            var first = new UidPool(2_000_000_000, 3, locks.FullName);
            var second = new UidPool(2_000_000_000, 3, locks.FullName);

            using var a = await first.AcquireAsync(CancellationToken.None);
            using var b = await second.AcquireAsync(CancellationToken.None);
            using var c = await first.AcquireAsync(CancellationToken.None);

            Assert.Equal(3, new[] { a.Uid, b.Uid, c.Uid }.Distinct().Count());
            Assert.All(new[] { a.Uid, b.Uid, c.Uid }, uid => Assert.InRange(uid, 2_000_000_000, 2_000_000_002));

            // All three held: the next one waits until one is given back.
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.AcquireAsync(cancel.Token));
            var freed = b.Uid;
            b.Dispose();
            using var d = await second.AcquireAsync(CancellationToken.None);
            Assert.Equal(freed, d.Uid);
        }
        finally
        {
            locks.Delete(recursive: true);
        }
    }
}
