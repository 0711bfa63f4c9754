"""Resource classes. Importing this package registers every kind (links resolve by name)."""

from stormpath.resources.account import Account, AccountList
from stormpath.resources.account_creation_policy import AccountCreationPolicy
from stormpath.resources.account_store_mapping import AccountStoreMapping, AccountStoreMappingList
from stormpath.resources.application import Application, ApplicationList, VerificationEmailList
from stormpath.resources.base import CollectionResource, Expansion, Resource
from stormpath.resources.custom_data import CustomData
from stormpath.resources.directory import Directory, DirectoryList
from stormpath.resources.email_template import DefaultModel, EmailTemplate, EmailTemplateList
from stormpath.resources.email_verification_token import EmailVerificationToken
from stormpath.resources.group import Group, GroupList
from stormpath.resources.group_membership import GroupMembership, GroupMembershipList
from stormpath.resources.login_attempt import AuthenticationResult, LoginAttempt
from stormpath.resources.password_policy import PasswordPolicy
from stormpath.resources.password_reset_token import PasswordResetToken
from stormpath.resources.password_strength import PasswordStrength
from stormpath.resources.provider import Provider
from stormpath.resources.provider_data import ProviderData
from stormpath.resources.tenant import Tenant

__all__ = [
    "Account",
    "AccountCreationPolicy",
    "AccountList",
    "AccountStoreMapping",
    "AccountStoreMappingList",
    "Application",
    "ApplicationList",
    "AuthenticationResult",
    "CollectionResource",
    "CustomData",
    "Directory",
    "DefaultModel",
    "DirectoryList",
    "EmailTemplate",
    "EmailTemplateList",
    "EmailVerificationToken",
    "Expansion",
    "Group",
    "GroupList",
    "GroupMembership",
    "GroupMembershipList",
    "LoginAttempt",
    "PasswordPolicy",
    "PasswordResetToken",
    "PasswordStrength",
    "Provider",
    "ProviderData",
    "Resource",
    "Tenant",
    "VerificationEmailList",
]
