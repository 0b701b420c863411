package frontend

import (
	"sync"

	"github.com/gin-gonic/gin"

	"contactd/audit"
)

// routes lists every route of the application in one place.
func (s *Server) routes() *gin.Engine {
	quietGin()
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// gin answers /path/ and //path with a redirect of its own, before any
	// middleware: no request id, no security headers, no access-log entry.
	// Without them such a request is a logged 404 like any unknown address.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.Use(s.requestContext, s.recordAccess, s.recoverPanics, s.securityHeaders, s.limitBody, s.refuseNUL, s.observe, s.crossOrigin)
	r.NoRoute(s.handleNotFound)
	r.NoMethod(s.handleMethodNotAllowed)

	r.GET("/healthz", s.handleHealthz)
	r.GET("/readyz", s.handleReadyz)
	r.GET("/metrics", s.handleMetrics)
	r.GET("/static/*file", s.handleStatic)
	r.GET("/api/v1/openapi.json", s.handleOpenAPI)

	r.GET("/auth/signin", s.handleSignInPage)
	r.POST("/auth/login", s.handleLogin)
	r.GET("/auth/callback", s.handleCallback)
	r.POST("/lang", s.handleLanguage)

	web := r.Group("/", s.requireSession)
	web.GET("/", s.handleHome)
	web.POST("/auth/logout", s.handleLogout)
	web.GET("/no-access", s.handleNoAccess)
	web.GET("/role", s.handleRolePage)
	web.POST("/role", s.handleRoleChoose)
	web.GET("/notice", s.handleNoticePage)
	web.POST("/notice", s.handleNoticeAck)
	web.GET("/front", s.requireRole(audit.RoleFrontOffice), s.handleFrontOfficeHome)
	web.GET("/back", s.requireRole(audit.RoleBackOffice), s.handleBackOfficeHome)
	web.GET("/tickets/new", s.requireRole(audit.RoleFrontOffice), s.handleTicketNewPage)
	web.POST("/tickets", s.requireRole(audit.RoleFrontOffice), s.handleTicketCreate)
	web.POST("/tickets/search", s.requireRole(audit.RoleFrontOffice, audit.RoleBackOffice), s.handleTicketSearch)
	web.GET("/tickets/:ref", s.requireRole(audit.RoleFrontOffice, audit.RoleBackOffice, audit.RoleSecurityAdviser), s.handleTicketPage)
	web.POST("/tickets/:ref/:op", s.requireRole(audit.RoleFrontOffice, audit.RoleBackOffice), s.handleTicketForm)
	web.GET("/quarantine", s.requireRole(audit.RoleFrontOffice), s.handleQuarantinePage)
	web.GET("/quarantine/:id/raw", s.requireRole(audit.RoleFrontOffice), s.handleQuarantineRaw)
	web.POST("/quarantine/:id/resolve", s.requireRole(audit.RoleFrontOffice), s.handleQuarantineResolve)
	web.GET("/adviser", s.requireRole(audit.RoleSecurityAdviser), s.handleAdviserHome)
	web.POST("/adviser/logs", s.requireRole(audit.RoleSecurityAdviser), s.handleLogSearchPage)
	web.GET("/adviser/runs", s.requireRole(audit.RoleSecurityAdviser), s.handleRunsPage)
	web.POST("/adviser/runs", s.requireRole(audit.RoleSecurityAdviser), s.handleRunRequest)
	web.GET("/adviser/runs/:id", s.requireRole(audit.RoleSecurityAdviser), s.handleRunPage)
	web.GET("/adviser/runs/:id/report.xlsx", s.requireRole(audit.RoleSecurityAdviser), s.handleRunReport)
	web.GET("/adviser/runs/:id/report.csv", s.requireRole(audit.RoleSecurityAdviser), s.handleRunReport)
	web.POST("/adviser/items/:id/verdict", s.requireRole(audit.RoleSecurityAdviser), s.handleVerdictForm)
	web.POST("/adviser/items/:id/followup", s.requireRole(audit.RoleSecurityAdviser), s.handleFollowUpForm)
	web.GET("/manage", s.requireRole(audit.RoleLocalManager), s.handleManagerHome)
	web.POST("/manage/invitations", s.requireRole(audit.RoleLocalManager), s.handleManageInvite)
	web.POST("/manage/users/:id/:op", s.requireRole(audit.RoleLocalManager), s.handleManageUserForm)
	web.GET("/admin", s.requireRole(audit.RoleAdmin), s.handleAdminHome)
	web.GET("/admin/citizens", s.requireRole(audit.RoleAdmin), s.handleCitizensPage)
	web.POST("/admin/citizens/erase", s.requireRole(audit.RoleAdmin), s.handleCitizenEraseForm)
	web.POST("/admin/citizens/rectify", s.requireRole(audit.RoleAdmin), s.handleCitizenRectifyForm)
	web.GET("/governance", s.requireRole(audit.RoleAdmin, audit.RoleSecurityAdviser), s.handleGovernancePage)
	web.GET("/governance/report.xlsx", s.requireRole(audit.RoleAdmin, audit.RoleSecurityAdviser), s.handleGovernanceXLSX)
	web.POST("/admin/managers", s.requireRole(audit.RoleAdmin), s.handleAdminManagerGrant)
	web.POST("/admin/managers/:id/withdraw", s.requireRole(audit.RoleAdmin), s.handleAdminManagerWithdraw)

	api := r.Group("/api/v1")
	// Who am I, even before the staff notice is acknowledged: it says so.
	api.GET("/me", s.requireSession, s.requireRoleHeld, s.handleAPIMe)
	api.POST("/me/role", s.requireSession, s.handleAPIRoleChoose)
	api.GET("/institutions", s.requireSessionOrSystem(scopeReference), s.handleAPIInstitutions)
	// The API opens what the pages open, role for role: the queues and the
	// search to the offices, a ticket also to the adviser who reviews it.
	offices := s.requireRole(audit.RoleFrontOffice, audit.RoleBackOffice)
	api.GET("/tickets", s.requireSession, offices, s.handleAPITicketList)
	api.POST("/tickets", s.requireSession, s.requireRole(audit.RoleFrontOffice), s.handleAPITicketCreate)
	api.POST("/tickets/search", s.requireSession, offices, s.handleAPITicketSearch)
	api.GET("/tickets/:ref", s.requireSession, s.requireRole(audit.RoleFrontOffice, audit.RoleBackOffice, audit.RoleSecurityAdviser), s.handleAPITicketView)
	api.POST("/tickets/:ref/identify", s.requireSession, s.requireRole(audit.RoleFrontOffice), s.handleAPITicketIdentify)
	// Any role may ask, so that a refused consultation is recorded (§9).
	api.POST("/tickets/:ref/consultations", s.requireSession, s.requireAnyRole, s.handleAPIConsult)
	changes := s.ticketChanges()
	for _, op := range ticketOperations {
		api.POST("/tickets/:ref/"+op, s.requireSession, offices, changes[op])
	}
	api.POST("/intake/portal", s.requireSystem(scopeIntake), s.handleAPIIntakePortal)
	api.POST("/citizens/consultations", s.requireSystem(scopeTransparency), s.handleAPICitizenConsultations)
	adviser := s.requireRole(audit.RoleSecurityAdviser)
	api.POST("/audit/search", s.requireSession, adviser, s.handleAPILogSearch)
	api.GET("/sampling/runs", s.requireSession, adviser, s.handleAPISamplingRuns)
	api.POST("/sampling/runs", s.requireSession, adviser, s.handleAPISamplingRequest)
	api.GET("/sampling/runs/:id", s.requireSession, adviser, s.handleAPISamplingRun)
	api.GET("/sampling/runs/:id/report", s.requireSession, adviser, s.handleRunReport)
	api.POST("/sampling/items/:id/verdict", s.requireSession, adviser, s.handleAPIVerdict)
	api.POST("/sampling/items/:id/followup", s.requireSession, adviser, s.handleAPIFollowUp)
	api.POST("/intake/email", s.requireSystem(scopeIntake), s.handleAPIIntakeEmail)
	api.GET("/intake/quarantine", s.requireSession, s.requireRole(audit.RoleFrontOffice), s.handleAPIQuarantine)
	governance := s.requireRole(audit.RoleAdmin, audit.RoleSecurityAdviser)
	api.GET("/governance", s.requireSession, governance, s.handleAPIGovernance)
	api.GET("/governance/report.xlsx", s.requireSession, governance, s.handleGovernanceXLSX)
	// O14: a local manager runs their institution's access, an admin anyone's.
	manager := s.requireRole(audit.RoleLocalManager, audit.RoleAdmin)
	api.GET("/users", s.requireSession, manager, s.handleAPIUsers)
	api.POST("/users/invitations", s.requireSession, manager, s.handleAPIUserInvite)
	api.POST("/users/:id/grants", s.requireSession, manager, s.handleAPIUserGrant)
	api.POST("/users/:id/grants/withdraw", s.requireSession, manager, s.handleAPIUserWithdraw)
	api.POST("/users/:id/disable", s.requireSession, manager, s.handleAPIUserDisable)
	api.POST("/users/:id/enable", s.requireSession, manager, s.handleAPIUserEnable)
	// A citizen's request to erase or rectify (O13): the national number
	// travels in the body, never the URL.
	api.POST("/admin/citizens/erase", s.requireSession, s.requireRole(audit.RoleAdmin), s.handleAPICitizenErase)
	api.POST("/admin/citizens/rectify", s.requireSession, s.requireRole(audit.RoleAdmin), s.handleAPICitizenRectify)
	return r
}

var ginMode sync.Once

// quietGin puts gin in release mode once per process: its debug mode prints
// every route at start, and the mode is a global that must not be written
// while servers run.
func quietGin() { ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) }) }
