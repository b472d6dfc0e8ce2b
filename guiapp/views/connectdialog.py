"""The connection dialog: a URL or fields, Test connection, and recent connections (no passwords)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from guiapp.core.connect.kinds import database_kinds
from guiapp.core.connect.tls import MODE_TEXT, MODES

from guiapp.qt.appearance import colour
from guiapp.qt.settings import recent_urls
from guiapp.qt.workspace import Workspace

# "mysql" names no driver: the C driver when guiapp[mysql-c] is installed, PyMySQL otherwise.
DIALECTS = database_kinds()


class ConnectDialog(QDialog):
    """Collects a URL, tests it off the GUI thread, and connects; errors stay in the dialog."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Connect to a database")
        self.setMinimumWidth(520)
        self.recent = QComboBox()
        self.recent.addItem("Recent connections…")
        self.recent.addItems(recent_urls())
        self.recent.activated.connect(self._pick_recent)
        self.url = QLineEdit(placeholderText="mysql+pymysql://user:password@127.0.0.1:3306/test")
        self.url_password = QLineEdit(placeholderText="password (kept out of the URL and never stored)")
        self.url_password.setEchoMode(QLineEdit.EchoMode.Password)
        url_page = QWidget()
        url_form = QFormLayout(url_page)
        url_form.addRow("URL", self.url)
        url_form.addRow("Password", self.url_password)
        self.dialect = QComboBox()
        for kind in DIALECTS:
            self.dialect.addItem(kind.label)
        self.dialect.currentIndexChanged.connect(self._dialect_changed)
        self.host = QLineEdit("127.0.0.1")
        self.port = QSpinBox(minimum=0, maximum=65535, value=3306)
        self.user = QLineEdit("root")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.database = QLineEdit("test")
        fields_page = QWidget()
        form = QFormLayout(fields_page)
        form.addRow("Type", self.dialect)
        form.addRow("Host", self.host)
        form.addRow("Port", self.port)
        form.addRow("User", self.user)
        form.addRow("Password", self.password)
        form.addRow("Database / file", self.database)
        self.tabs = QTabWidget()
        self.tabs.addTab(url_page, "URL")
        self.tabs.addTab(fields_page, "Fields")
        self.create_new = QCheckBox("Create a new SQLite database if the file does not exist")
        self.create_new.setToolTip("Off: a SQLite path that does not exist is reported, never created.")
        self.read_only = QCheckBox("Read-only: the database refuses every write on this connection")
        self.ssh = QLineEdit(objectName="sshAlias", placeholderText="empty: connect directly")
        self.ssh.setToolTip("A Host of your ~/.ssh/config (ProxyJump, IdentityFile and the agent apply), "
                            "or user@bastion: the server's host and port are reached from there")
        self.ssh_secret = QLineEdit(objectName="sshSecret", echoMode=QLineEdit.EchoMode.Password,
                                    placeholderText="if the key or the bastion asks (kept in the system keyring)")
        current = workspace.db.options.ssh if workspace.db is not None else workspace.pool_options.get("ssh")
        self.ssh.setText(current or "")
        ssh_form = QFormLayout()
        ssh_form.addRow("SSH tunnel via", self.ssh)
        ssh_form.addRow("SSH passphrase", self.ssh_secret)
        self.tls_mode = QComboBox(objectName="tlsMode")
        for mode in MODES:
            self.tls_mode.addItem(MODE_TEXT[mode], mode)
        self.tls_files = {}
        ssh_form.addRow("TLS", self.tls_mode)
        for key, label in (("ca", "CA file"), ("cert", "Client certificate"), ("key", "Client key")):
            edit = QLineEdit(objectName=f"tls_{key}", placeholderText="none")
            pick = QPushButton("…", maximumWidth=30, toolTip=f"Choose the {label.lower()}")
            pick.clicked.connect(lambda _checked=False, e=edit, t=label: self._pick_file(e, t))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(pick)
            ssh_form.addRow(label, row)
            self.tls_files[key] = edit
        self.message = QLabel(wordWrap=True, objectName="connectMessage")
        self.message.setMinimumHeight(40)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.connect_now)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.recent)
        layout.addWidget(self.tabs)
        layout.addWidget(self.create_new)
        layout.addWidget(self.read_only)
        layout.addLayout(ssh_form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def profile(self) -> Any:
        """What to connect to: the URL field (with the password typed beside it) or the fields.
        Raises ConfigError for what cannot be a connection; the password never becomes text."""
        from guiapp.core.errors import ConfigError
        from guiapp.core.paths import looks_like_sqlite_path, sqlite_url_for
        from guiapp.core.connect.profiles import ConnectionProfile
        options = self.workspace.options(read_only=self.read_only.isChecked() or None,
                                         ssh=self.ssh.text().strip())  # empty: directly, whatever came before
        if options.ssh and self.ssh_secret.text():
            from guiapp.core.connect.tunnel import save_secret, use_secret
            alias, secret = options.ssh, self.ssh_secret.text()
            use_secret(alias, secret)  # read by ssh through SSH_ASKPASS, never a file: there before it connects
            self.workspace.run(lambda: save_secret(alias, secret))  # the keyring, off the GUI thread
        create = self.create_new.isChecked()
        if self.tabs.currentIndex() == 0:
            text = self.url.text().strip()
            if not text:
                raise ConfigError("Type a database URL, or fill in the fields.")
            if looks_like_sqlite_path(text):
                text = sqlite_url_for(text)  # a bare path: the user means a SQLite file
            return self._with_tls(ConnectionProfile.from_text(text, options,
                                                              password=self.url_password.text() or None, create=create))
        kind = DIALECTS[self.dialect.currentIndex()]
        if kind.file:
            if not self.database.text().strip():
                raise ConfigError("Type a database URL, or fill in the fields.")
            return ConnectionProfile.from_text(sqlite_url_for(self.database.text().strip()), options,
                                               create=create)
        return self._with_tls(ConnectionProfile.from_fields(
            kind.drivername, host=self.host.text().strip(), port=self.port.value(), user=self.user.text().strip(),
            password=self.password.text(), database=self.database.text().strip(), options=options, create=create))

    def _with_tls(self, profile: Any) -> Any:
        """The profile with the TLS options written into its URL (a SQLite file takes none)."""
        from dataclasses import replace
        from guiapp.core.connect.tls import TlsOptions, with_tls
        tls = TlsOptions(self.tls_mode.currentData(), *(self.tls_files[k].text().strip() for k in ("ca", "cert", "key")))
        if tls == TlsOptions():
            return profile  # nothing chosen here: the URL's own parameters, if it has any, stand
        return replace(profile, url=with_tls(profile.url, tls))

    def _pick_file(self, edit: QLineEdit, title: str) -> None:
        from PySide6.QtWidgets import QFileDialog
        path, _filter = QFileDialog.getOpenFileName(self, title, edit.text(), "Certificates and keys (*.pem *.crt *.key);;All files (*)")
        if path:
            edit.setText(path)

    def _show_tls(self, url_text: str) -> None:
        """Fill the TLS fields from a URL that carries them (a recent connection)."""
        from guiapp.core.connect.tls import tls_of
        from guiapp.core.connect.urls import parse_url
        try:
            tls = tls_of(parse_url(url_text))
        except Exception:
            return
        self.tls_mode.setCurrentIndex(max(0, self.tls_mode.findData(tls.mode)))
        for key in ("ca", "cert", "key"):
            self.tls_files[key].setText(getattr(tls, key))

    @Slot(int)
    def _pick_recent(self, index: int) -> None:
        if index > 0:
            self.tabs.setCurrentIndex(0)
            self.url.setText(self.recent.itemText(index))
            self._show_tls(self.recent.itemText(index))
            self.url_password.setFocus()

    @Slot(int)
    def _dialect_changed(self, index: int) -> None:
        self.port.setValue(DIALECTS[index].port)
        for widget in (self.host, self.port, self.user, self.password):
            widget.setEnabled(not DIALECTS[index].file)

    def _busy(self, busy: bool, text: str = "") -> None:
        self.test_button.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        if text:
            self.message.setText(text)

    @Slot()
    def test(self) -> None:
        profile = self._checked_profile()
        if profile is None:
            return

        def work() -> str:
            missing = profile.missing_file()
            if missing and profile.create:
                return f"The SQLite file {missing} does not exist yet: Connect will create it."
            db = profile.open()
            db.dispose()
            return f"Connection works: {db.display} ({db.dialect})."

        self._busy(True, "Testing…")
        self.workspace.run(work, on_done=self._tested, on_error=self._failed, owner=self)

    def _tested(self, text: str) -> None:
        self._busy(False)
        self.message.setStyleSheet(f"color: {colour('success')}")
        self.message.setText(text)

    def _failed(self, error: Exception | str) -> None:
        """An error from a worker, or a sentence of the dialog's own."""
        text = str(error)
        self._busy(False)
        self.message.setStyleSheet(f"color: {colour('error')}")
        self.message.setText(text)

    def _checked_profile(self) -> Any:
        from guiapp.core.errors import GuiappError
        try:
            return self.profile()
        except GuiappError as exc:
            self._failed(exc)
            return None

    @Slot()
    def connect_now(self) -> None:
        profile = self._checked_profile()
        if profile is None:
            return
        self._busy(True, "Connecting…")

        def done(_db: Any) -> None:
            from guiapp.qt.settings import remember_url
            remember_url(profile.for_storage())
            self.accept()

        self.workspace.open_profile(profile, on_done=done, on_error=self._failed)
