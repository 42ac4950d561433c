# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import xmlrpc.client


class XmlRpcCallMixin:
    """For HttpCase: call the server over XML-RPC as a test user whose
    password is ``<login>_pw``."""

    def call(self, login, model, method, *args, **kwargs):
        password = f"{login}_pw"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, password, model, method, list(args), kwargs
        )

    def assertFault(self, fragment, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as error:
            self.call(*args, **kwargs)
        self.assertIn(fragment, error.exception.faultString)
