using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// visitor.go visitContainers as a foreach without allocation: init containers, containers, then ephemeral containers,
/// the order every check's list of container names keeps.
/// </summary>
internal readonly struct PodContainers(V1PodSpec podSpec)
{
    public Enumerator GetEnumerator() => new(podSpec);

    public struct Enumerator(V1PodSpec podSpec)
    {
        private int _list;
        private int _index = -1;

        public readonly PodContainer Current => _list switch
        {
            0 => new PodContainer(podSpec.InitContainers![_index]),
            1 => new PodContainer(podSpec.Containers![_index]),
            _ => new PodContainer(podSpec.EphemeralContainers![_index]),
        };

        public bool MoveNext()
        {
            _index++;
            while (_list < 3)
            {
                if (_index < Count(_list))
                {
                    return true;
                }
                _list++;
                _index = 0;
            }
            return false;
        }

        private readonly int Count(int list) => list switch
        {
            0 => podSpec.InitContainers?.Count ?? 0,
            1 => podSpec.Containers?.Count ?? 0,
            _ => podSpec.EphemeralContainers?.Count ?? 0,
        };
    }
}
