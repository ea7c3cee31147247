namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>Manifests shaped like what users apply: the seed's monitoring daemon and a node-exporter-style agent.</summary>
public static class Manifests
{
    public const string MonitoringDaemon = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: monitoring-daemon
          labels:
            app: nginx
        spec:
          selector:
            matchLabels:
              app: monitoring-agent
          template:
            metadata:
              labels:
                app: monitoring-agent
            spec:
              containers:
              - name: monitoring-agent
                image: monitoring-agent
        """;

    public const string NodeExporter = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: node-exporter
          namespace: kube-system
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: node-exporter-config
          namespace: kube-system
        data:
          collectors: "cpu,meminfo"
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: node-exporter
        rules:
        - apiGroups: [""]
          resources: ["nodes"]
          verbs: ["get", "list", "watch"]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-exporter
          namespace: kube-system
          labels:
            app.kubernetes.io/name: node-exporter
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: node-exporter
          updateStrategy:
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: "10%"
          template:
            metadata:
              labels:
                app.kubernetes.io/name: node-exporter
            spec:
              hostNetwork: true
              hostPID: true
              priorityClassName: system-node-critical
              serviceAccountName: node-exporter
              initContainers:
              - name: init
                image: busybox:1.36
                command: ["sh", "-c", "true"]
              containers:
              - name: node-exporter
                image: quay.io/prometheus/node-exporter:v1.8.2
                args: ["--path.procfs=/host/proc", "--path.sysfs=/host/sys"]
                env:
                - name: NODE_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: spec.nodeName
                ports:
                - name: metrics
                  containerPort: 9100
                resources:
                  requests:
                    cpu: 50m
                    memory: 64Mi
                  limits:
                    memory: 128Mi
                livenessProbe:
                  httpGet:
                    path: /
                    port: 9100
                readinessProbe:
                  tcpSocket:
                    port: 9100
                securityContext:
                  capabilities:
                    add: ["SYS_TIME"]
                    drop: ["ALL"]
                volumeMounts:
                - name: proc
                  mountPath: /host/proc
                  readOnly: true
                - name: config
                  mountPath: /etc/node-exporter
              tolerations:
              - operator: Exists
              volumes:
              - name: proc
                hostPath:
                  path: /proc
                  type: Directory
              - name: config
                configMap:
                  name: node-exporter-config
                  defaultMode: 420
        """;
}
