"""A small Flask + Flask-SQLAlchemy app, as our users write them, for `flask guiapp` tests.

SHOP_DATABASE_URL picks the database (the tests point it at SQLite, MariaDB or PostgreSQL); a
receiver of guiapp's signals reports what it sees through current_app, as an app's own code would.
"""

from __future__ import annotations

import os
import sys

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy import SQLAlchemy

from guiapp import signals

db = SQLAlchemy()


class Customer(db.Model):
    __tablename__ = "shop_customers"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)


class Purchase(db.Model):
    __tablename__ = "shop_purchases"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("shop_customers.id"), nullable=False)
    total = db.Column(db.Numeric(10, 2))


def create_app() -> Flask:
    app = Flask("shop")
    if os.environ.get("SHOP_DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["SHOP_DATABASE_URL"]
    if os.environ.get("SHOP_REPORTS_URL"):
        app.config["SQLALCHEMY_BINDS"] = {"reports": os.environ["SHOP_REPORTS_URL"]}
    app.config["SHOP_GREETING"] = "hello from the shop"
    if app.config.get("SQLALCHEMY_DATABASE_URI"):
        db.init_app(app)
    if os.environ.get("SHOP_MIGRATIONS"):  # a Flask-Migrate project, its folder there
        from flask_migrate import Migrate
        Migrate(app, db, directory=os.environ["SHOP_MIGRATIONS"])
    return app


@signals.table_created.connect
def _created(sender: object, table: str, **_kw: object) -> None:
    if not has_app_context():  # guiapp used by other code in the same process: not this app's news
        return
    print(f"{current_app.name} saw {table} created: {current_app.config['SHOP_GREETING']}", file=sys.stderr)
