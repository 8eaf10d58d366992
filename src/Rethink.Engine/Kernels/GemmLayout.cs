namespace Rethink.Engine.Kernels;

/// <summary>Which operand of C = op(A) op(B) is stored transposed.</summary>
internal enum GemmLayout
{
    /// <summary>A[m,k], B[n,k]: C = A B^T.</summary>
    NT,

    /// <summary>A[m,k], B[k,n]: C = A B.</summary>
    NN,

    /// <summary>A[k,m], B[k,n]: C = A^T B.</summary>
    TN,
}
