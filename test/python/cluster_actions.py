"""The cluster's actions through Debian's python3-azure, unchanged (azure-mgmt-containerservice 21.1.0,
api-version 2022-11-01; issue #18 items 2, 4, 5 and 6): the kubeconfigs' certificates loaded with
`cryptography` and verified against the cluster CA, begin_rotate_cluster_certificates (a new CA
after), begin_run_command "kubectl get nodes" and get_command_result, the access profile, the
monitoring user's credentials, the outbound network dependencies, and the refused service principal
reset of a cluster with a managed identity.

Run by test/integration/python-sdk.test.ts in a shell that did only `eval "$(aks-emulator env)"`. The
SDK polls at the emulator's Retry-After (1 s), not at its own 30 s default.
"""
import base64
import re
import unittest

from azure.core.exceptions import HttpResponseError
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from _support import ClusterTestCase

RG = "py-actions"
CLUSTER = "pyactions"


def kubeconfig(results):
    """The CA and client certificates of a CredentialResults' first kubeconfig."""
    text = results.kubeconfigs[0].value.decode("utf-8")

    def pem(name):
        return base64.b64decode(re.search(r"^ +%s: (\S+)$" % name, text, re.M).group(1))

    return x509.load_pem_x509_certificate(pem("certificate-authority-data")), x509.load_pem_x509_certificate(pem("client-certificate-data"))


def signed_by(cert, ca):
    ca.public_key().verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
    return True


class ClusterActions(ClusterTestCase):
    RG = RG
    CLUSTER = CLUSTER
    NODE_COUNT = 2

    def test_1_credentials_and_rotation(self):
        ca, user = kubeconfig(self.aks.managed_clusters.list_cluster_user_credentials(RG, CLUSTER))
        self.assertTrue(signed_by(user, ca))
        self.assertEqual(user.subject.rfc4514_string(), "O=system:masters,CN=client")
        admin_ca, admin = kubeconfig(self.aks.managed_clusters.list_cluster_admin_credentials(RG, CLUSTER))
        self.assertEqual(admin_ca, ca)
        self.assertTrue(signed_by(admin, ca))
        monitoring = self.aks.managed_clusters.list_cluster_monitoring_user_credentials(RG, CLUSTER)
        self.assertEqual(monitoring.kubeconfigs[0].name, "clusterMonitoringUser")
        self.assertTrue(signed_by(kubeconfig(monitoring)[1], ca))

        self.aks.managed_clusters.begin_rotate_cluster_certificates(RG, CLUSTER).result()
        new_ca, new_user = kubeconfig(self.aks.managed_clusters.list_cluster_user_credentials(RG, CLUSTER))
        self.assertNotEqual(new_ca, ca)
        self.assertTrue(signed_by(new_user, new_ca))
        with self.assertRaises(Exception):
            signed_by(new_user, ca)
        self.assertEqual(self.aks.managed_clusters.get(RG, CLUSTER).provisioning_state, "Succeeded")

    def test_2_run_command(self):
        result = self.aks.managed_clusters.begin_run_command(RG, CLUSTER, {"command": "kubectl get nodes"}).result()
        self.assertEqual(result.provisioning_state, "Succeeded")
        self.assertEqual(result.exit_code, 0)
        self.assertRegex(result.id, r"^[0-9a-f]{32}$")
        self.assertEqual(len(re.findall(r"^aks-nodepool1-\d{8}-vmss00000[01] +Ready", result.logs, re.M)), 2, result.logs)
        again = self.aks.managed_clusters.get_command_result(RG, CLUSTER, result.id)
        self.assertEqual(again.logs, result.logs)

    def test_3_reads(self):
        profile = self.aks.managed_clusters.get_access_profile(RG, CLUSTER, "clusterUser")
        self.assertEqual(profile.name, "clusterUser")
        self.assertIn(b"clusterUser_py-actions_pyactions", profile.kube_config)
        categories = [e.category for e in self.aks.managed_clusters.list_outbound_network_dependencies_endpoints(RG, CLUSTER)]
        self.assertIn("apiserver", categories)

    def test_4_reset_of_a_managed_identity_cluster_is_refused(self):
        with self.assertRaises(HttpResponseError) as raised:
            self.aks.managed_clusters.begin_reset_service_principal_profile(RG, CLUSTER, {"client_id": "x", "secret": "y"}).result()
        self.assertEqual(raised.exception.status_code, 400)
        self.assertEqual(raised.exception.error.code, "BadRequest")


if __name__ == "__main__":
    unittest.main(verbosity=2)
