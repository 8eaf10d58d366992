namespace Rethink.Bench.Engine;

/// <summary>Kernel and inference benchmarks (gemm, tg, pp, batch, make-gguf).</summary>
internal static class InferenceBench
{
    public static int Run(string verb, string[] args)
    {
        switch (verb)
        {
            case "gemm":
                return GemmBench.Run(args);
            case "make-gguf":
                return ModelBench.MakeGguf(args);
            case "tg" or "pp":
                return ModelBench.Throughput(verb, args);
            case "batch":
                return BatchBench.Run(args);
            default:
                Console.Error.WriteLine($"unknown verb '{verb}'");
                return 2;
        }
    }
}
