package dev.beluga.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {
    private static final Instant NOW = Instant.parse("2025-01-10T12:00:00Z");
    private static final String CREATED = "'creationTimestamp':'2025-01-10T11:55:00Z'";

    private static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Object> cells(ResourceType type, String object) {
        ObjectNode table = TablePrinter.table(type, List.of(json(object)), NOW, IncludeObject.NONE);
        List<Object> out = new ArrayList<>();
        for (JsonNode c : table.at("/rows/0/cells")) out.add(c.isNumber() ? (Object) c.asLong() : c.asText());
        return out;
    }

    private static List<String> columnNames(ResourceType type) {
        List<String> names = new ArrayList<>();
        TablePrinter.columnDefinitions(type).forEach(c -> names.add(c.get("name").asText() + (c.get("priority").asInt() == 1 ? "*" : "")));
        return names;
    }

    private static String podStatus(String status) {
        return (String) cells(ResourceRegistry.PODS, "{'metadata':{'name':'p'," + CREATED + "},'spec':{'containers':[{'name':'c'}],"
                + "'initContainers':[{'name':'i1'},{'name':'i2'}]},'status':" + status + "}").get(2);
    }

    @Test
    void tableEnvelope() {
        ObjectNode table = TablePrinter.table(ResourceRegistry.NAMESPACES,
                List.of(json("{'metadata':{'name':'default'," + CREATED + "},'status':{'phase':'Active'}}")), NOW, IncludeObject.METADATA);
        assertThat(table.get("kind").asText()).isEqualTo("Table");
        assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.get("metadata")).isEqualTo(json("{}"));
        assertThat(table.at("/columnDefinitions/0")).isEqualTo(json("{'name':'Name','type':'string','format':'name','description':'"
                + Column.NAME_DOC + "','priority':0}"));
        assertThat(table.at("/rows/0/cells")).isEqualTo(json("['default','Active','5m']"));
        assertThat(table.at("/rows/0/object")).isEqualTo(json("{'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1',"
                + "'metadata':{'name':'default'," + CREATED + "}}"));
    }

    @Test
    void includeObjectVariants() {
        JsonNode ns = json("{'metadata':{'name':'a'},'status':{'phase':'Active'}}");
        assertThat(TablePrinter.table(ResourceRegistry.NAMESPACES, List.of(ns), NOW, IncludeObject.OBJECT).at("/rows/0/object")).isEqualTo(ns);
        assertThat(TablePrinter.table(ResourceRegistry.NAMESPACES, List.of(ns), NOW, IncludeObject.NONE).at("/rows/0/object").isNull()).isTrue();
        assertThat(IncludeObject.fromParameter("")).isEqualTo(IncludeObject.METADATA);
    }

    @Test
    void rowsOnlyHasNoColumnDefinitions() {
        assertThat(TablePrinter.rowsOnly(ResourceRegistry.PODS, List.of(), NOW, IncludeObject.NONE).get("columnDefinitions")).isEmpty();
    }

    @Test
    void podColumns() {
        assertThat(columnNames(ResourceRegistry.PODS))
                .containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*", "Nominated Node*", "Readiness Gates*");
    }

    @Test
    void runningPodRow() {
        List<Object> row = cells(ResourceRegistry.PODS, "{'metadata':{'name':'web'," + CREATED + "},"
                + "'spec':{'nodeName':'n1','containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'Running','podIPs':[{'ip':'10.1.0.5'}],'conditions':[{'type':'Ready','status':'True'}],"
                + "'containerStatuses':[{'name':'a','ready':true,'restartCount':0,'state':{'running':{}}},"
                + "{'name':'b','ready':true,'restartCount':3,'state':{'running':{}},"
                + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2025-01-10T11:57:00Z'}}}]}}");
        assertThat(row).containsExactly("web", "2/2", "Running", "3 (3m ago)", "5m", "10.1.0.5", "n1", "<none>", "<none>");
    }

    @Test
    void pendingPodIsContainerCreating() {
        assertThat(cells(ResourceRegistry.PODS, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c'}]},'status':{'phase':'Pending',"
                + "'containerStatuses':[{'name':'c','ready':false,'restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}"))
                .containsExactly("p", "0/1", "ContainerCreating", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void unscheduledPodIsPending() {
        assertThat(cells(ResourceRegistry.PODS, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c'}]},'status':{'phase':'Pending'}}").get(2))
                .isEqualTo("Pending");
    }

    @Test
    void initContainerProgress() {
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'running':{}}},"
                + "{'name':'i2','state':{'waiting':{'reason':'PodInitializing'}}}]}")).isEqualTo("Init:0/2");
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':0}}},"
                + "{'name':'i2','state':{'running':{}}}]}")).isEqualTo("Init:1/2");
    }

    @Test
    void initContainerFailures() {
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}"))
                .isEqualTo("Init:Error");
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}"))
                .isEqualTo("Init:CrashLoopBackOff");
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':2}}}]}"))
                .isEqualTo("Init:ExitCode:2");
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':137,'signal':9}}}]}"))
                .isEqualTo("Init:Signal:9");
    }

    @Test
    void podInitializingAfterInitContainersFinish() {
        assertThat(podStatus("{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'terminated':{'exitCode':0}}},"
                + "{'name':'i2','state':{'terminated':{'exitCode':0}}}],"
                + "'containerStatuses':[{'name':'c','state':{'waiting':{'reason':'PodInitializing'}}}]}")).isEqualTo("PodInitializing");
    }

    @Test
    void crashLoopAndCompletedAndError() {
        assertThat(podStatus("{'phase':'Running','containerStatuses':[{'name':'c','restartCount':4,"
                + "'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}")).isEqualTo("CrashLoopBackOff");
        assertThat(podStatus("{'phase':'Succeeded','containerStatuses':[{'name':'c','state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}"))
                .isEqualTo("Completed");
        assertThat(podStatus("{'phase':'Failed','containerStatuses':[{'name':'c','state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}"))
                .isEqualTo("Error");
    }

    @Test
    void completedWithARunningContainerIsNotReadyOrRunning() {
        String statuses = "'containerStatuses':[{'name':'a','state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
                + "{'name':'b','ready':true,'state':{'running':{}}}]";
        assertThat(podStatus("{'phase':'Running'," + statuses + "}")).isEqualTo("NotReady");
        assertThat(podStatus("{'phase':'Running','conditions':[{'type':'Ready','status':'True'}]," + statuses + "}")).isEqualTo("Running");
    }

    @Test
    void deletingPods() {
        String running = "{'metadata':{'name':'p','deletionTimestamp':'2025-01-10T11:59:00Z'},'spec':{'containers':[{'name':'c'}]},'status':";
        assertThat(cells(ResourceRegistry.PODS, running + "{'phase':'Running'}}").get(2)).isEqualTo("Terminating");
        assertThat(cells(ResourceRegistry.PODS, running + "{'phase':'Running','reason':'NodeLost'}}").get(2)).isEqualTo("Unknown");
        assertThat(cells(ResourceRegistry.PODS, running + "{'phase':'Succeeded'}}").get(2)).isEqualTo("Succeeded");
    }

    @Test
    void schedulingGatedPod() {
        assertThat(podStatus("{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}"))
                .isEqualTo("SchedulingGated");
    }

    @Test
    void sidecarCountsTowardsReady() {
        List<Object> row = cells(ResourceRegistry.PODS, "{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],"
                + "'containers':[{'name':'app'}]},'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'}],"
                + "'initContainerStatuses':[{'name':'proxy','started':true,'ready':true,'restartCount':1,'state':{'running':{}}}],"
                + "'containerStatuses':[{'name':'app','ready':true,'restartCount':0,'state':{'running':{}}}]}}");
        assertThat(row.subList(0, 4)).containsExactly("p", "2/2", "Running", "1");
    }

    @Test
    void readinessGates() {
        List<Object> row = cells(ResourceRegistry.PODS, "{'metadata':{'name':'p'},'spec':{'containers':[],"
                + "'readinessGates':[{'conditionType':'x'},{'conditionType':'y'}]},'status':{'conditions':[{'type':'x','status':'True'}]}}");
        assertThat(row.get(8)).isEqualTo("1/2");
    }

    @Test
    void finishedPodRowsCarryCompletedCondition() {
        ObjectNode table = TablePrinter.table(ResourceRegistry.PODS, List.of(json("{'metadata':{'name':'p'},'status':{'phase':'Succeeded'}}")),
                NOW, IncludeObject.NONE);
        assertThat(table.at("/rows/0/conditions")).isEqualTo(json("[{'type':'Completed','status':'True','reason':'Succeeded',"
                + "'message':'The pod has completed successfully.'}]"));
    }

    @Test
    void nodeRow() {
        assertThat(columnNames(ResourceRegistry.NODES)).containsExactly("Name", "Status", "Roles", "Age", "Version",
                "Internal-IP*", "External-IP*", "OS-Image*", "Kernel-Version*", "Container-Runtime*");
        List<Object> row = cells(ResourceRegistry.NODES, "{'metadata':{'name':'n1'," + CREATED + ",'labels':{"
                + "'node-role.kubernetes.io/control-plane':'','node-role.kubernetes.io/worker':'','kubernetes.io/role':'edge'}},"
                + "'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'True'}],"
                + "'addresses':[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname','address':'n1'}],"
                + "'nodeInfo':{'kubeletVersion':'v1.32.0','osImage':'Debian GNU/Linux 13','kernelVersion':'6.1.0','containerRuntimeVersion':'containerd://1.6.20'}}}");
        assertThat(row).containsExactly("n1", "Ready,SchedulingDisabled", "control-plane,edge,worker", "5m", "v1.32.0",
                "10.0.0.2", "<none>", "Debian GNU/Linux 13", "6.1.0", "containerd://1.6.20");
    }

    @Test
    void nodeStatusWithoutReadyConditionIsUnknown() {
        assertThat(cells(ResourceRegistry.NODES, "{'metadata':{'name':'n'},'status':{}}").subList(1, 3)).containsExactly("Unknown", "<none>");
        assertThat(cells(ResourceRegistry.NODES, "{'metadata':{'name':'n'},'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}").get(1))
                .isEqualTo("NotReady");
    }

    @Test
    void deploymentRow() {
        assertThat(columnNames(ResourceRegistry.DEPLOYMENTS))
                .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers*", "Images*", "Selector*");
        assertThat(cells(ResourceRegistry.DEPLOYMENTS, "{'metadata':{'name':'web'," + CREATED + "},'spec':{'replicas':3,"
                + "'selector':{'matchLabels':{'app':'web'}},'template':{'spec':{'containers':[{'name':'a','image':'nginx:1.25'},"
                + "{'name':'b','image':'busybox:1.36'}]}}},'status':{'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}}"))
                .containsExactly("web", "2/3", 3L, 2L, "5m", "a,b", "nginx:1.25,busybox:1.36", "app=web");
    }

    @Test
    void replicaSetAndStatefulSetRows() {
        assertThat(cells(ResourceRegistry.REPLICASETS, "{'metadata':{'name':'web-1'},'spec':{'replicas':2,'selector':{}},"
                + "'status':{'replicas':2}}")).containsExactly("web-1", 2L, 2L, 0L, "<unknown>", "", "", "<none>");
        assertThat(cells(ResourceRegistry.STATEFULSETS, "{'metadata':{'name':'db'},'spec':{'replicas':1,'template':{'spec':{"
                + "'containers':[{'name':'pg','image':'postgres:17'}]}}},'status':{'readyReplicas':1}}"))
                .containsExactly("db", "1/1", "<unknown>", "pg", "postgres:17");
    }

    @Test
    void coreEventRow() {
        assertThat(columnNames(ResourceRegistry.EVENTS)).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject*", "Source*",
                "Message", "First Seen*", "Count*", "Name*");
        assertThat(cells(ResourceRegistry.EVENTS, "{'metadata':{'name':'web.1'},'involvedObject':{'kind':'Pod','name':'web',"
                + "'fieldPath':'spec.containers{web}'},'reason':'Pulled','message':' Image pulled \\n','type':'Normal',"
                + "'source':{'component':'kubelet','host':'n1'},'firstTimestamp':'2025-01-10T11:00:00Z',"
                + "'lastTimestamp':'2025-01-10T11:58:00Z','count':4}"))
                .containsExactly("2m", "Normal", "Pulled", "pod/web", "spec.containers{web}", "kubelet, n1", "Image pulled", "60m", 4L, "web.1");
    }

    @Test
    void eventsV1RowUsesEventTimeAndSeries() {
        assertThat(cells(ResourceRegistry.EVENTS_V1, "{'metadata':{'name':'e'},'regarding':{'kind':'Node','name':'n1'},'reason':'Ready',"
                + "'note':'node is ready','type':'Normal','reportingController':'kubelet','reportingInstance':'n1',"
                + "'eventTime':'2025-01-10T11:50:00.000000Z','series':{'count':7,'lastObservedTime':'2025-01-10T11:59:30.000000Z'}}"))
                .containsExactly("30s", "Normal", "Ready", "node/n1", "", "kubelet, n1", "node is ready", "10m", 7L, "e");
    }

    @Test
    void singletonEventCountsOne() {
        assertThat(cells(ResourceRegistry.EVENTS, "{'metadata':{'name':'e'},'involvedObject':{'kind':'Node'},'eventTime':'2025-01-10T11:59:00.000000Z'}"))
                .containsExactly("60s", "", "", "node", "", "", "", "60s", 1L, "e");
    }

    @Test
    void smallResources() {
        assertThat(cells(ResourceRegistry.CONFIGMAPS, "{'metadata':{'name':'c'},'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}"))
                .containsExactly("c", 3L, "<unknown>");
        assertThat(cells(ResourceRegistry.SECRETS, "{'metadata':{'name':'s'},'type':'Opaque','data':{'a':'MQ=='}}"))
                .containsExactly("s", "Opaque", 1L, "<unknown>");
        assertThat(cells(ResourceRegistry.SERVICEACCOUNTS, "{'metadata':{'name':'default'}}")).containsExactly("default", 0L, "<unknown>");
        assertThat(cells(ResourceRegistry.LEASES, "{'metadata':{'name':'n1'},'spec':{'holderIdentity':'n1'}}")).containsExactly("n1", "n1", "<unknown>");
        assertThat(columnNames(ResourceRegistry.SECRETS)).containsExactly("Name", "Type", "Data", "Age");
    }

    @Test
    void controllerRevisionRow() {
        assertThat(cells(ResourceRegistry.CONTROLLERREVISIONS, "{'metadata':{'name':'db-5d4f','ownerReferences':[{'apiVersion':'apps/v1',"
                + "'kind':'StatefulSet','name':'db','controller':true}]},'revision':2}"))
                .containsExactly("db-5d4f", "statefulset.apps/db", 2L, "<unknown>");
        assertThat(cells(ResourceRegistry.CONTROLLERREVISIONS, "{'metadata':{'name':'x'},'revision':1}").get(1)).isEqualTo("<none>");
    }
}
