// Engine benchmarks. Verbs: gemm, tg, pp, batch, make-gguf (InferenceBench), train (TrainBench). See bench/README.md.
using Rethink.Bench.Engine;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Rethink.Bench.Engine <gemm|tg|pp|batch|make-gguf|train> [options]  (see bench/README.md)");
    return 2;
}

var rest = args[1..];
return args[0] switch
{
    "train" => TrainBench.Run(rest),
    _ => InferenceBench.Run(args[0], rest),
};
